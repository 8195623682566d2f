"""Appeal pages: HTTP only (parse, call a service or selector, render)."""
