// The print button of a published list (no inline handlers: the CSP forbids them).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
