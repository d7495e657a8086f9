import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code) throw redirect(`/verify/${encodeURIComponent(code.trim().slice(0, 40))}`);
  const t = await getTranslator(request);
  return { title: t("verify.formTitle") };
}

export default function VerifyForm() {
  useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="page narrow" aria-labelledby="verify-form-title">
      <h1 id="verify-form-title">{t("verify.formTitle")}</h1>
      <p>{t("verify.formIntro")}</p>
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="code">{t("verify.code")}</label>
          <input id="code" name="code" dir="ltr" placeholder="TMK-2026Q4-7F3K9H" required maxLength={40} autoCapitalize="characters" />
        </div>
        <button type="submit" className="button">
          {t("verify.check")}
        </button>
      </Form>
    </section>
  );
}
