import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormMessage } from "~/components/form";
import { clearLoginFailures, loginBlockedUntil, recordLoginFailure } from "~/models/login-throttle.server";
import { getUserByEmail } from "~/models/user.server";
import { getUser, safeRedirectPath, startSessionAndRedirect } from "~/utils/auth.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { formatDate } from "~/utils/i18n";
import { verifyPassword } from "~/utils/password.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getUser(request)) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), "/account"));
  const t = await getTranslator(request);
  return { title: t("login.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: "login.missing", retryAt: null, email: "" }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const ip = context?.clientIp ?? "unknown";

  const blockedUntil = loginBlockedUntil(email, ip);
  if (blockedUntil) {
    const locale = await getLocale(request);
    const retryAt = formatDate(blockedUntil, locale, { hour: "2-digit", minute: "2-digit" });
    const minutes = Math.max(1, Math.ceil((blockedUntil.getTime() - Date.now()) / 60000));
    return data(
      { message: "login.throttled", retryAt, minutes, email },
      { status: 429, headers: { "Retry-After": String(Math.ceil((blockedUntil.getTime() - Date.now()) / 1000)) } },
    );
  }

  const user = getUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    recordLoginFailure(email, ip);
    return data({ message: "login.invalid", retryAt: null, email }, { status: 400 });
  }
  if (user.disabled) {
    return data({ message: "login.disabled", retryAt: null, email }, { status: 403 });
  }
  clearLoginFailures(email);
  return startSessionAndRedirect(user.id, safeRedirectPath(redirectTo, user.role === "admin" ? "/admin" : user.role === "trainer" ? "/trainer" : "/account"));
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {params.get("reset") === "1" ? <FormMessage tone="success">{t("reset.done")}</FormMessage> : null}
      {actionData?.message ? (
        <FormMessage>
          {t(actionData.message, { time: actionData.retryAt ?? "", count: "minutes" in actionData ? actionData.minutes : 0 })}
        </FormMessage>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field name="email" type="email" label={t("fields.email")} autoComplete="email" required dir="ltr" defaultValue={actionData?.email} />
        <Field name="password" type="password" label={t("fields.password")} autoComplete="current-password" required />
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
