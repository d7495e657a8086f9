import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { REGION_CODES } from "../../db/enums";
import { FilterSelect, FormMessage } from "~/components/form";
import { listAssociations } from "~/models/association.server";
import { requirePermission } from "~/utils/permissions.server";
import { formatNumber } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  const region = new URL(request.url).searchParams.get("region");
  const regionCode = REGION_CODES.find((r) => r === region);
  return { title: t("admin.associations.title"), region: regionCode ?? "", associations: listAssociations({ regionCode }) };
}

export default function AdminAssociations() {
  const { associations, region } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="associations-title">
      <h1 id="associations-title">{t("admin.associations.title")}</h1>
      {params.get("saved") ? <FormMessage tone="success">{t("admin.associations.saved")}</FormMessage> : null}
      <p>
        <Link to="/admin/associations/new" className="button">
          {t("admin.associations.create")}
        </Link>
      </p>
      <Form method="get" className="filters" aria-label={t("admin.associations.filter")}>
        <FilterSelect
          name="region"
          label={t("fields.region")}
          value={region}
          allLabel={t("admin.allRegions")}
          options={REGION_CODES.map((code) => ({ value: code, label: t(`regions.${code}`) }))}
        />
        <button type="submit" className="button secondary">
          {t("admin.filter")}
        </button>
      </Form>
      <p>{t("admin.associations.count", { count: associations.length })}</p>
      <div className="table-wrap">
        <table aria-describedby="members-note">
          <thead>
            <tr>
              <th scope="col">{t("fields.associationName")}</th>
              <th scope="col">{t("fields.region")}</th>
              <th scope="col">{t("fields.city")}</th>
              <th scope="col">{t("fields.foundingYear")}</th>
              <th scope="col">{t("admin.associations.members")}</th>
              <th scope="col">{t("fields.status")}</th>
            </tr>
          </thead>
          <tbody>
            {associations.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/associations/${a.id}`}>
                    <bdi>{a.name}</bdi>
                  </Link>
                </td>
                <td>{t(`regions.${a.regionCode}`)}</td>
                <td>
                  <bdi>{a.city}</bdi>
                </td>
                <td>{a.foundingYear ?? "—"}</td>
                <td>{formatNumber(a.members, i18n.language)}</td>
                <td>{t(`associationStatus.${a.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint" id="members-note">
        {t("admin.associations.membersNote")}
      </p>
    </section>
  );
}
