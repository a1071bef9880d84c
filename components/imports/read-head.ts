/**
 * The header and first row of a CSV file, read in the browser from its first 64 KB so the
 * mapping step can start before anything is uploaded. The server parses the whole file again with
 * csv-parse; this only has to be right for the first two records (quotes, CRLF, a BOM).
 */
export async function readHead(file: File): Promise<{ headers: string[]; sample: string[] }> {
  let text = await file.slice(0, 64 * 1024).text();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length && records.length < 2; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      record.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      cell = "";
      if (record.some((value) => value !== "")) records.push(record);
      record = [];
    } else cell += char;
  }
  if (records.length < 2 && (cell !== "" || record.length > 0)) records.push([...record, cell]);
  const [headers = [], sample = []] = records;
  return { headers: headers.map((header) => header.trim()), sample };
}
