"use client";

import { useEffect } from "react";

let firstPageShown = false;

/**
 * Rendered once by a layout, after its pages: its effect runs once the first page of this
 * document has been shown, so anything mounted later arrived by client-side navigation.
 */
export function NavigationMarker() {
  useEffect(() => {
    firstPageShown = true;
  }, []);
  return null;
}

/**
 * Read in a layout effect (which runs before any passive effect of the same commit, the
 * marker's included): false on the page the document was loaded with, true on pages navigated to.
 */
export function arrivedByNavigation(): boolean {
  return firstPageShown;
}
