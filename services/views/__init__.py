"""HTTP only: parse, call a service or selector, render. One module per seam."""
