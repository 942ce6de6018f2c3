"use client";

import { useTranslations } from "next-intl";
import { useImperativeHandle, useRef, type Ref } from "react";

export type Shortcut = { key: string; label: string };
export type ShortcutHelpHandle = { open(): void };

/** The list of a page's shortcuts in a modal dialog, opened with "?" or the button. */
export function ShortcutHelp({ shortcuts, ref }: { shortcuts: Shortcut[]; ref?: Ref<ShortcutHelpHandle> }) {
  const t = useTranslations("queue.shortcuts");
  const dialog = useRef<HTMLDialogElement>(null);
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }), []);
  return (
    <>
      <button type="button" className="button button-secondary button-small" onClick={() => dialog.current?.showModal()}>
        {t("open")}
      </button>
      <dialog ref={dialog} className="shortcut-help" aria-labelledby="shortcut-help-title">
        <h2 id="shortcut-help-title">{t("title")}</h2>
        <dl>
          {shortcuts.map((shortcut) => (
            <div key={shortcut.key} className="shortcut-help-row">
              <dt>
                <kbd>{shortcut.key}</kbd>
              </dt>
              <dd>{shortcut.label}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="button" autoFocus>
            {t("close")}
          </button>
        </form>
      </dialog>
    </>
  );
}
