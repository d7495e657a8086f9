import type { CheckerText } from "./checker-text";
// The one list of files an author may put beside a lesson. The checker, the upload form and the course-assets route all
// read it, so a file that passes the checker is always served, and a file that is served always passed the checker.
// No server imports: the upload form builds its accept= attribute from it.

export type LessonFileKind = "image" | "video" | "download";

export type LessonFileType = {
  ext: string;
  /** The Content-Type it is served with. */
  mime: string;
  kind: LessonFileKind;
  /** Largest file accepted on upload (and above which the checker warns). */
  maxBytes: number;
  /** What `file-type` reports for its first bytes; null for text formats, which are checked as text instead. */
  magic: string | null;
};

const KB = 1024;
const MB = 1024 * KB;

/** Learners read on phones over metered connections: an image costs at most this much, and is at most this wide. */
export const IMAGE_BUDGET_BYTES = 300 * KB;
export const IMAGE_BUDGET_WIDTH = 1600;

const OOXML = "application/vnd.openxmlformats-officedocument";
const LIST: LessonFileType[] = [
  { ext: "svg", mime: "image/svg+xml", kind: "image", maxBytes: IMAGE_BUDGET_BYTES, magic: null },
  { ext: "png", mime: "image/png", kind: "image", maxBytes: IMAGE_BUDGET_BYTES, magic: "image/png" },
  { ext: "jpg", mime: "image/jpeg", kind: "image", maxBytes: IMAGE_BUDGET_BYTES, magic: "image/jpeg" },
  { ext: "jpeg", mime: "image/jpeg", kind: "image", maxBytes: IMAGE_BUDGET_BYTES, magic: "image/jpeg" },
  { ext: "webp", mime: "image/webp", kind: "image", maxBytes: IMAGE_BUDGET_BYTES, magic: "image/webp" },
  { ext: "mp4", mime: "video/mp4", kind: "video", maxBytes: 5 * MB, magic: "video/mp4" },
  { ext: "webm", mime: "video/webm", kind: "video", maxBytes: 5 * MB, magic: "video/webm" },
  { ext: "pdf", mime: "application/pdf", kind: "download", maxBytes: 5 * MB, magic: "application/pdf" },
  { ext: "docx", mime: `${OOXML}.wordprocessingml.document`, kind: "download", maxBytes: 5 * MB, magic: `${OOXML}.wordprocessingml.document` },
  { ext: "xlsx", mime: `${OOXML}.spreadsheetml.sheet`, kind: "download", maxBytes: 5 * MB, magic: `${OOXML}.spreadsheetml.sheet` },
  { ext: "pptx", mime: `${OOXML}.presentationml.presentation`, kind: "download", maxBytes: 5 * MB, magic: `${OOXML}.presentationml.presentation` },
  { ext: "odt", mime: "application/vnd.oasis.opendocument.text", kind: "download", maxBytes: 5 * MB, magic: "application/vnd.oasis.opendocument.text" },
  {
    ext: "ods",
    mime: "application/vnd.oasis.opendocument.spreadsheet",
    kind: "download",
    maxBytes: 5 * MB,
    magic: "application/vnd.oasis.opendocument.spreadsheet",
  },
  { ext: "csv", mime: "text/csv; charset=utf-8", kind: "download", maxBytes: 1 * MB, magic: null },
  { ext: "txt", mime: "text/plain; charset=utf-8", kind: "download", maxBytes: 1 * MB, magic: null },
];

/**
 * Refused everywhere, with the format to use instead. The legacy Office formats are binary containers that carry
 * macros and that phones' viewers often cannot open; GIF animations weigh megabytes for a few seconds of motion.
 */
const REFUSED = new Map<string, string>([
  ["xls", "xlsx"],
  ["doc", "docx"],
  ["ppt", "pptx"],
  ["gif", "png"],
  ["bmp", "png"],
  ["tif", "png"],
  ["tiff", "png"],
]);

// A Map: extensions come from URLs, file names and zip entries, and must never reach Object.prototype.
const BY_EXT = new Map(LIST.map((t) => [t.ext, t]));

export const LESSON_FILE_TYPES: readonly LessonFileType[] = LIST;

/** The extension of a file name, lower case, without the dot ("" when none). */
export function extensionOfName(name: string) {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

export function lessonFileType(name: string): LessonFileType | undefined {
  return BY_EXT.get(extensionOfName(name));
}

/** For a refused type, the extension to use instead (xls → xlsx); undefined for allowed or unknown ones. */
export function replacementFor(name: string): string | undefined {
  return REFUSED.get(extensionOfName(name));
}

export function allowedExtensions(kind?: LessonFileKind) {
  return LIST.filter((t) => !kind || t.kind === kind).map((t) => t.ext);
}

/** The upload field's accept= attribute. */
export const LESSON_FILE_ACCEPT = LIST.map((t) => `.${t.ext}`).join(",");

/** What a prop or Markdown construct expects: Figure src and Markdown images an image, Video src a video. */
export function kindAccepted(expected: LessonFileKind | "any", type: LessonFileType) {
  return expected === "any" || type.kind === expected;
}

/**
 * Why a file name is not a lesson file type, in the checker's words (a key of `checker.` in the locale files, so the
 * studio shows it in the trainer's language; `english()` of checker-text.server gives the words); null when it is one.
 */
export function fileTypeProblem(name: string, expected: LessonFileKind | "any" = "any"): CheckerText | null {
  const type = lessonFileType(name);
  if (!type) {
    const instead = replacementFor(name);
    const ext = extensionOfName(name);
    const allowed = allowedExtensions(expected === "any" ? undefined : expected).join(", ");
    if (instead) return { key: "typeNotAcceptedInstead", values: { ext: `.${ext}`, instead: `.${instead}`, allowed } };
    return ext ? { key: "typeNotAccepted", values: { ext: `.${ext}`, allowed } } : { key: "typeNoExtension", values: { allowed } };
  }
  if (expected !== "any" && !kindAccepted(expected, type)) {
    const key = expected === "image" ? "typeMustBeImage" : expected === "video" ? "typeMustBeVideo" : "typeMustBeDownload";
    return { key, values: { allowed: allowedExtensions(expected).join(", ") } };
  }
  return null;
}

/**
 * Why an SVG must not be served (in the checker's words, as above), or null. SVG is a document format: it may run
 * script, load other documents or call other servers. Lessons only need drawings, so anything active or external is
 * refused.
 */
export function svgProblem(text: string): CheckerText | null {
  if (!/<svg[\s>]/i.test(text)) return { key: "svgNotSvg", values: { tag: "<svg>" } };
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return { key: "svgDoctype", values: { doctype: "DOCTYPE" } };
  if (/<script[\s>/]/i.test(text)) return { key: "svgScript" };
  if (/<foreignObject[\s>/]/i.test(text)) return { key: "svgForeignObject", values: { tag: "foreignObject" } };
  const handler = /<[^>]*\s(on[a-z]+)\s*=/i.exec(text);
  if (handler) return { key: "svgHandler", values: { name: handler[1] } };
  for (const m of text.matchAll(/\b(?:xlink:)?href\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
    const target = (m[2] ?? m[3] ?? "").trim();
    if (!target.startsWith("#")) return { key: "svgExternal", values: { ref: `href="${target.slice(0, 60)}"`, internal: "#id" } };
  }
  for (const m of text.matchAll(/url\(\s*['"]?([^'")\s]*)/gi)) {
    if (!m[1].startsWith("#")) return { key: "svgExternal", values: { ref: `url(${m[1].slice(0, 60)})`, internal: "#id" } };
  }
  if (/@import/i.test(text)) return { key: "svgImport" };
  if (/javascript:/i.test(text)) return { key: "svgJavascript", values: { scheme: "javascript:" } };
  return null;
}

/** Bytes and pixels, for messages ("412 KB", "2400 px"). */
export function formatKilobytes(bytes: number) {
  return `${Math.ceil(bytes / KB)} KB`;
}

/** The kind of file a component's file prop takes; "any" for downloads. */
export function expectedFileKind(component: string, prop: string): LessonFileKind | "any" {
  if ((component === "Figure" && prop === "src") || (component === "Video" && prop === "poster")) return "image";
  if (component === "Video" && prop === "src") return "video";
  return "any";
}
