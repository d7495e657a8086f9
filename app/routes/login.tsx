import type { RouteHandle } from "~/root";
import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, ErrorSummary, FormMessage, useSchemaForm } from "~/components/form";
import { getUserByEmail } from "~/models/user.server";
import { getUser, safeRedirectPath, startSessionAndRedirect } from "~/utils/auth.server";
import { homeOf } from "~/utils/permissions.server";
import { formatDate } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { verifyPassword } from "~/utils/password.server";
import { forget, hit, longestBlock } from "~/utils/rate-limit.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

/** A visitor's copy depends only on the URL and the language: kept by the server (server/document-cache.js). */
export const handle: RouteHandle = { sameForEveryVisitor: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  email: z.string({ required_error: "errors.required" }).trim().toLowerCase().max(254, "errors.tooLong"),
  password: z.string({ required_error: "errors.required" }).max(200, "errors.tooLong"),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const user = await getUser(request);
  if (user) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), homeOf(user)));
  const t = await getTranslator(request);
  return { title: t("login.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { email, password, redirectTo } = submission.value;
  const ip = context?.clientIp ?? "unknown";
  const pair = `${email}|${ip}`;

  // Three counters: this email from this address (5 in 15 minutes), this email from anywhere (slower, so that a
  // stranger cannot lock the owner out quickly), and this address across emails.
  const wait = await longestBlock([
    ["loginPair", pair],
    ["loginEmail", email],
    ["loginIp", ip],
  ]);
  if (wait) return throttled(request, submission, wait);

  const user = getUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    const waits = await Promise.all([hit("loginPair", pair), hit("loginEmail", email), hit("loginIp", ip)]);
    const now = Math.max(...waits);
    if (now) return throttled(request, submission, now);
    return rejectSubmission(submission, { formErrors: ["login.invalid"] });
  }
  if (user.disabled) return rejectSubmission(submission, { status: 403, formErrors: ["login.disabled"] });
  await forget("loginPair", pair);
  return startSessionAndRedirect(user.id, safeRedirectPath(redirectTo, homeOf(user)));
}

async function throttled(request: Request, submission: Parameters<typeof rejectSubmission>[0], seconds: number) {
  const locale = await getLocale(request);
  const until = new Date(Date.now() + seconds * 1000);
  const time = formatDate(until, locale, { hour: "2-digit", minute: "2-digit" });
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return rejectSubmission(submission, {
    status: 429,
    headers: { "Retry-After": String(seconds) },
    formErrors: [JSON.stringify({ key: "login.throttled", time, count: minutes })],
  });
}

/** A form-level error is either a key or, when it needs values, a small JSON object with the key and its values. */
function translated(t: (key: string, options?: Record<string, unknown>) => string, message: string) {
  if (!message.startsWith("{")) return t(message);
  const { key, ...values } = JSON.parse(message) as { key: string } & Record<string, unknown>;
  return t(key, values);
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "login");
  const formError = form.errors?.[0];
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {params.get("reset") === "1" ? <FormMessage tone="success">{t("reset.done")}</FormMessage> : null}
      {formError ? (
        <FormMessage>{translated(t, formError)}</FormMessage>
      ) : (
        <ErrorSummary form={form} labels={{ email: t("fields.email"), password: t("fields.password") }} />
      )}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <ConformField meta={fields.email} type="email" label={t("fields.email")} autoComplete="email" dir="ltr" />
        <ConformField meta={fields.password} type="password" label={t("fields.password")} autoComplete="current-password" />
        <button type="submit" className="button">
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
      </p>
    </section>
  );
}
