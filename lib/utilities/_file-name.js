// @ts-check
// Plain JavaScript: the monitoring store's worker names the files of its CSV zips with it.

/**
 * `text` made safe as one file or folder name: anything but letters, digits, `_`, `.` and `-` becomes `_`, and no leading dot.
 * @param {string} text
 * @returns {string}
 */
export function toFileName(text) {
  return text.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_') || '_';
}
