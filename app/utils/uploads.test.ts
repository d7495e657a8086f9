import { PassThrough } from "node:stream";
import { createRequire } from "node:module";
import type { Archiver } from "archiver";
import { describe, expect, it } from "vitest";
import { detectImageKind, detectUploadKind } from "./uploads.server";

// As in the certificates ZIP route: archiver's callable CommonJS export is not typed as a default export.
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: { zlib: { level: number } }) => Archiver;

async function zip(entries: { name: string; content: Buffer | string }[]) {
  const archive = archiver("zip", { zlib: { level: 9 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on("end", r));
  archive.pipe(out);
  for (const e of entries) archive.append(e.content, { name: e.name });
  await archive.finalize();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

describe("uploads are identified by their content", () => {
  it("accepts a real PDF and a real Word document", async () => {
    expect(await detectUploadKind(pdf)).toBe("pdf");
    const docx = await zip([
      { name: "[Content_Types].xml", content: contentTypes },
      { name: "word/document.xml", content: "<w:document/>" },
    ]);
    expect(await detectUploadKind(docx)).toBe("docx");
  });

  it("refuses a Windows program renamed .pdf", async () => {
    const exe = new Uint8Array(512);
    exe.set([0x4d, 0x5a, 0x90, 0x00]);
    expect(await detectUploadKind(exe)).toBeNull();
  });

  it("refuses a .docx that would inflate to 200 MB (zip bomb)", async () => {
    const bomb = await zip([
      { name: "[Content_Types].xml", content: contentTypes },
      { name: "word/document.xml", content: Buffer.alloc(200 * 1024 * 1024) },
    ]);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(await detectUploadKind(bomb)).toBeNull();
  });

  it("refuses a PDF with HTML inside (polyglot)", async () => {
    const polyglot = new TextEncoder().encode("%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n");
    expect(await detectUploadKind(polyglot)).toBeNull();
  });

  it("branding images: PNG and JPEG only", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    expect(await detectImageKind(png)).toBe("png");
    expect(await detectImageKind(pdf)).toBeNull();
    expect(await detectImageKind(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });
});
