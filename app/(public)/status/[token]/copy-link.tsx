"use client";

import { useRef, useState } from "react";

type CopyLinkProps = { url: string; label: string; copyLabel: string; copiedLabel: string };

/** The private link in a read-only field (selectable without JavaScript) with a copy button. */
export function CopyLink({ url, label, copyLabel, copiedLabel }: CopyLinkProps) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Plain-http deployments have no async clipboard; the selected field still copies this way.
      document.execCommand("copy");
    }
    setCopied(true);
  }

  return (
    <div className="copy-link">
      <input ref={input} type="text" readOnly value={url} aria-label={label} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" className="button" onClick={copy}>
        {copied ? copiedLabel : copyLabel}
      </button>
    </div>
  );
}
