// The keys of a form (DESIGN.md: Enter moves through forms, Ctrl+S saves), shown beside its buttons.
import type { ReactNode } from 'react';

export function FormKeysHint() {
  return <span className="field-hint">Enter 下一项 · Ctrl+S 保存</span>;
}

/** A Modal's footer: the hint, then the modal's own buttons (`footer={withKeysHint}`). */
export function withKeysHint(buttons: ReactNode): ReactNode {
  return (
    <>
      <FormKeysHint />
      <span style={{ display: 'inline-block', width: 12 }} />
      {buttons}
    </>
  );
}
