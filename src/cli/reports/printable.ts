// Control characters (C0, DEL, C1) would let a template's text move the cursor, recolour,
// retitle the terminal or forge extra report lines; they are shown escaped instead.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** The text with every control character written as `\xNN`, so one finding stays one line. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => {
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
