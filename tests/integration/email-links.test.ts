import net from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { outbox, users } from "../../db/schema";
import { getOutboxEmail, recordEmail, redactStoredLinks } from "~/models/outbox.server";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as inviteAction } from "~/routes/admin.users.new";
import { loader as outboxLoader } from "~/routes/admin.outbox._index";
import { loader as outboxEmailLoader } from "~/routes/admin.outbox.$id";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password";
import { db, sqlite } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { sendPasswordLinkEmail } from "~/utils/email.server";
import { notifyBulkInvitation, notifyPasswordReset } from "~/models/notifications.server";
import { verifyPassword } from "~/utils/password.server";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

/** A minimal SMTP server that keeps each message's DATA, as a real relay would receive it. */
function startSmtpSink() {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    socket.write("220 sink.test ESMTP\r\n");
    let buffer = "";
    let data: string[] | null = null;
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === ".") {
            messages.push(data.join("\n"));
            data = null;
            socket.write("250 2.0.0 queued\r\n");
          } else data.push(line.startsWith("..") ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 sink.test\r\n");
        else if (verb === "DATA") {
          data = [];
          socket.write("354 end with .\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else socket.write("250 OK\r\n");
      }
    });
  });
  return new Promise<{ messages: string[]; port: number; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ messages, port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** The message as a reader sees it: quoted-printable soft breaks joined and escapes decoded. */
function decoded(message: string) {
  return Buffer.from(
    message.replace(/=\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

async function waitFor<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every table, every row: where does this string appear? */
function tablesContaining(needle: string) {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.filter(({ name }) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all()).includes(needle)).map((t) => t.name);
}

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const savedSmtp = env.SMTP_URL;

beforeAll(async () => {
  sink = await startSmtpSink();
  env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
});
afterAll(async () => {
  env.SMTP_URL = savedSmtp;
  await sink.close();
});

const linkIn = (message: string) => /\/reset-password\?token=([a-z2-7]{32})/.exec(decoded(message))?.[1];

describe("reset and invitation links are never stored in clear", () => {
  it("a reset request: SMTP gets a working link; no table row and no admin page holds the token", async () => {
    const user = makeUser("learner", { locale: "en" });
    const admin = await cookieFor(makeUser("admin").id);
    const before = sink.messages.length;
    const answer = await run(forgotAction, postRequest("/forgot-password", { email: user.email }), {}, "192.0.2.150");
    expect(answer.status).toBe(200);

    const message = await waitFor(() => sink.messages.slice(before).find((m) => m.includes(user.email)), "the reset email");
    const token = linkIn(message)!;
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(decoded(message)).toContain(`${env.PUBLIC_URL}/reset-password?token=${token}`);

    // Stored: the email without its link (and marked sent), the token only as its SHA-256.
    const row = db.select().from(outbox).where(eq(outbox.to, user.email)).all().at(-1)!;
    await waitFor(() => (db.select().from(outbox).where(eq(outbox.id, row.id)).get()!.sentAt ? true : undefined), "the delivery mark");
    expect(row.text).toContain("/reset-password?token=[redacted]");
    expect(row.html).toContain("/reset-password?token=[redacted]");
    expect(tablesContaining(token)).toEqual([]);

    // The admin pages: the list and the email itself.
    const list = await run(outboxLoader, getRequest("/admin/outbox", { cookie: admin.cookie }));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.data)).not.toContain(token);
    const page = await run(outboxEmailLoader, getRequest(`/admin/outbox/${row.id}`, { cookie: admin.cookie }), { id: String(row.id) });
    expect(page.status).toBe(200);
    expect(page.data.redacted).toBe(true);
    expect(JSON.stringify(page.data)).not.toContain(token);
    expect(page.data.email.text).toContain("token=[redacted]");

    // …and the link that was sent works, once.
    expect((await run(resetLoader, getRequest(`/reset-password?token=${token}`))).data.valid).toBe(true);
    const reset = await run(resetAction, postRequest("/reset-password", { token, password: "sent link works fine", confirmPassword: "sent link works fine" }));
    expect(reset.status).toBe(302);
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash, "sent link works fine")).toBe(true);
  });

  it("an invitation: SMTP gets a working link, the outbox and the admin page only the redacted one", async () => {
    const admin = await cookieFor(makeUser("admin").id);
    const before = sink.messages.length;
    const outcome = await run(
      inviteAction,
      postRequest(
        "/admin/users/new",
        { displayName: "Salma Invitee", email: "salma.invitee@example.ma", role: "learner", associationId: "none", locale: "fr" },
        { cookie: admin.cookie },
      ),
    );
    expect(outcome.status).toBe(302);
    const message = await waitFor(() => sink.messages.slice(before).find((m) => m.includes("salma.invitee@example.ma")), "the invitation");
    const token = linkIn(message)!;
    expect(tablesContaining(token)).toEqual([]);
    const row = db.select().from(outbox).where(eq(outbox.to, "salma.invitee@example.ma")).get()!;
    expect(row.kind).toBe("invite");
    const page = await run(outboxEmailLoader, getRequest(`/admin/outbox/${row.id}`, { cookie: admin.cookie }), { id: String(row.id) });
    expect(JSON.stringify(page.data)).not.toContain(token);
    expect((await run(resetLoader, getRequest(`/reset-password?token=${token}`))).data).toMatchObject({ valid: true, purpose: "invite" });
  });
});

describe("the other senders of invitations", () => {
  it("bulk invitations, and the old sendPasswordLinkEmail still used by bulk enrolment, store no token either", async () => {
    const a = makeUser("learner", { locale: "ar", passwordHash: null });
    const b = makeUser("learner", { locale: "fr", passwordHash: null });
    const before = sink.messages.length;
    expect(await notifyBulkInvitation([a, b], "Salma Admin")).toBe(2);
    await sendPasswordLinkEmail(a, "invite", "bulkbulkbulkbulkbulkbulkbulkbulk", "Salma Admin");
    const delivered = await waitFor(() => (sink.messages.length >= before + 3 ? sink.messages.slice(before) : undefined), "three invitations");
    const tokens = delivered.map(linkIn);
    expect(tokens.every((t) => t && /^[a-z2-7]{32}$/.test(t))).toBe(true);
    for (const token of tokens) expect(tablesContaining(token!)).toEqual([]);
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.to, a.email))
        .all()
        .every((row) => row.text.includes("token=[redacted]")),
    ).toBe(true);
  });
});

describe("without SMTP", () => {
  it("development prints the live link on the console; production prints only the redacted copy", async () => {
    const smtp = env.SMTP_URL;
    const logging = env.LOG_EMAILS;
    env.SMTP_URL = undefined;
    env.LOG_EMAILS = true;
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    try {
      const user = makeUser("learner", { locale: "ar" });
      await notifyPasswordReset(user, "abcdefghijklmnopqrstuvwxyz234567");
      expect(printed.at(-1)).toContain("/reset-password?token=abcdefghijklmnopqrstuvwxyz234567");
      env.isProduction = true;
      await notifyPasswordReset(user, "zyxwvutsrqponmlkjihgfedcba765432");
      expect(printed.at(-1)).toContain("/reset-password?token=[redacted]");
      expect(printed.at(-1)).not.toContain("zyxwvutsrqponmlkjihgfedcba765432");
      expect(tablesContaining("abcdefghijklmnopqrstuvwxyz234567")).toEqual([]);
      expect(tablesContaining("zyxwvutsrqponmlkjihgfedcba765432")).toEqual([]);
    } finally {
      env.isProduction = false;
      env.SMTP_URL = smtp;
      env.LOG_EMAILS = logging;
      spy.mockRestore();
    }
  });
});

describe("emails stored before links were redacted", () => {
  it("are shown redacted, and the start-up scrub rewrites them once", async () => {
    const live = "http://localhost:3000/reset-password?token=oldoldoldoldoldoldoldoldoldoldol";
    const id = recordEmail({
      to: "old@example.ma",
      subject: "old",
      text: `Choose: ${live}\n`,
      html: `<a href="${live}">go</a> ${live}`,
      locale: "fr",
      kind: "reset",
    });
    expect(getOutboxEmail(id)!.text).toBe("Choose: http://localhost:3000/reset-password?token=[redacted]\n");
    expect(getOutboxEmail(id)!.html).not.toContain("oldoldold");
    expect(redactStoredLinks()).toBeGreaterThanOrEqual(1);
    expect(tablesContaining("oldoldoldoldold")).toEqual([]);
    expect(redactStoredLinks()).toBe(0);
  });
});
