import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/utils/auth.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["trainer", "admin"]);
  const t = await getTranslator(request);
  return { title: t("trainer.title"), name: user.displayName };
}

export default function TrainerDashboard() {
  const { name } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="trainer-title">
      <h1 id="trainer-title">{t("trainer.title")}</h1>
      <p>{t("trainer.greeting", { name })}</p>
      <p className="empty">{t("trainer.empty")}</p>
    </section>
  );
}
