import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { Ltr } from "~/components/ltr";
import { listOutbox } from "~/models/outbox.server";
import { requirePermission } from "~/utils/permissions.server";
import { formatDate } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const { rows, total } = listOutbox({ limit: 100 });
  return {
    title: t("admin.outbox.title"),
    total,
    emails: rows.map((e) => ({
      id: e.id,
      to: e.to,
      subject: e.subject,
      kind: e.kind,
      createdAt: e.createdAt.getTime(),
      sent: Boolean(e.sentAt),
      error: e.error,
    })),
  };
}

export default function AdminOutbox() {
  const { emails, total } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("admin.outbox.title")}</h1>
      <p>{t("admin.outbox.intro")}</p>
      <p>{t("admin.outbox.count", { count: total })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.outbox.date")}</th>
              <th scope="col">{t("admin.outbox.to")}</th>
              <th scope="col">{t("admin.outbox.subject")}</th>
              <th scope="col">{t("admin.outbox.delivery")}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.createdAt, i18n.language, { dateStyle: "short", timeStyle: "short" })}</td>
                <td>
                  <Ltr>{e.to}</Ltr>
                </td>
                <td>
                  <Link to={`/admin/outbox/${e.id}`}>
                    <bdi>{e.subject}</bdi>
                  </Link>
                </td>
                <td>{e.error ? t("admin.outbox.failed") : e.sent ? t("admin.outbox.sent") : t("admin.outbox.stored")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
