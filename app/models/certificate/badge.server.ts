import type { Certificate } from "../../../db/schema";

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

/**
 * A round badge in the certificate's colour with the course's hours and period. Text is escaped and drawn by the
 * viewer's fonts (direction from the text itself); nothing in it can run (no script, no external reference).
 */
export function badgeSvg(cert: Pick<Certificate, "branding" | "courseTitle" | "hours" | "periodLabel" | "language">) {
  const colour = cert.branding && /^#[0-9a-f]{6}$/i.test(cert.branding.colour) ? cert.branding.colour : "#0f766e";
  const title = cert.language === "fr" ? cert.courseTitle.fr : cert.courseTitle.ar;
  const short = [...title].length > 28 ? `${[...title].slice(0, 27).join("")}…` : title;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${escapeXml(title)}">
<circle cx="200" cy="200" r="190" fill="${colour}"/>
<circle cx="200" cy="200" r="168" fill="none" stroke="#ffffff" stroke-width="6"/>
<text x="200" y="150" text-anchor="middle" font-family="Amiri, 'Noto Naskh Arabic', serif" font-size="30" fill="#ffffff">${escapeXml(short)}</text>
<text x="200" y="235" text-anchor="middle" font-family="sans-serif" font-size="64" font-weight="bold" fill="#ffffff" direction="ltr">${cert.hours} h</text>
<text x="200" y="290" text-anchor="middle" font-family="sans-serif" font-size="30" fill="#ffffff" direction="ltr">${escapeXml(cert.periodLabel)}</text>
</svg>`;
}
