/** `text` made safe as one file or folder name: anything but letters, digits, `_`, `.` and `-` becomes `_`, and no leading dot. */
export function toFileName(text: string): string {
  return text.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_') || '_';
}
