/**
 * The width tables fit, by one rule for every command: `COLUMNS` when it is set to a positive
 * number, else the terminal's width when stdout is one. Without either — a pipe, a CI log, a
 * file — the answer is `undefined`: tables keep their full layout, so logs and greps see whole rows.
 */
export function outputWidth(columnsEnv: string | undefined, terminalColumns: number | undefined): number | undefined {
  if (columnsEnv !== undefined && /^\d{1,5}$/.test(columnsEnv.trim())) {
    const columns = Number(columnsEnv.trim());
    if (columns > 0) return columns;
  }
  return terminalColumns !== undefined && terminalColumns > 0 ? terminalColumns : undefined;
}
