import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

// React 18.3's streaming renderer encodes into 2,048-byte views; when a two-byte Arabic letter did not fit the end of
// a view, the whole view was flushed with its unwritten last byte: a NUL in the middle of a word (seen on /login:
// "البريد الإلكت\0روني"). Staff pages stream; patches/react-dom flushes only the bytes written (facebook/react#26228).

function stream(element: React.ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
    sink.on("finish", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(sink), onError: reject });
  });
}

describe("Arabic text streamed by React", () => {
  it("has no NUL byte where a letter meets the end of the encoder's 2,048-byte view, and reads back intact", async () => {
    const words = Array.from({ length: 800 }, (_, i) => `كلمة${i % 10 ? "" : " عربية"}`);
    const html = await stream(
      <ul>
        {words.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>,
    );
    expect(html.length).toBeGreaterThan(4 * 2048);
    expect(html.indexOf(0)).toBe(-1);
    const text = html.toString("utf8");
    expect(text).not.toContain("\uFFFD");
    expect([...text.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(words);
  });
});
