import "../fixtures/world-env";
import { eq } from "drizzle-orm";
import { certificates, enrolments, type RegionCode } from "../../db/schema";
import { createAssociation } from "~/models/association.server";
import { syncCatalogue } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { attachPartnerStaff, createPartner, setPartnerOfferings } from "~/models/partner.server";
import { db } from "~/utils/db.server";
import { cookieFor, makeUser } from "../helpers";

/**
 * A funder's programme built by hand, dates fixed in 2026-Q4 so every number can be worked out on paper.
 * Partner P1 supports "mini" 2026-Q4 (O1): 8 learners from Amal (Souss-Massa, 6 completed, 5 certified), 3 from
 * Atlas (Oriental, all 3 completed — a group of 3 that must never be shown), 1 from Nour (Casablanca-Settat, not
 * completed). Partner P2 supports another offering (O2) with 5 Nour learners who all completed: P1 never sees them.
 */
export const at = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day, 10));

let built: Awaited<ReturnType<typeof buildReportsWorld>> | null = null;

export async function reportsWorld() {
  return (built ??= await buildReportsWorld());
}

async function buildReportsWorld() {
  syncCatalogue();
  const association = (name: string, regionCode: RegionCode) =>
    createAssociation({ name, regionCode, city: "Ville", foundingYear: null, focusAreas: [], contactEmail: null, status: "active" })!.id;
  const amal = association("جمعية الأمل أكادير", "SMA");
  const atlas = association("Association Atlas Oujda", "ORI");
  const nour = association("=Nour Casablanca", "CSE");

  const offering = (periodLabel: string) => {
    const r = saveOffering({
      courseId: "mini",
      periodLabel,
      enrolOpensAt: at(9, 1),
      enrolClosesAt: at(12, 1),
      startsAt: at(10, 1),
      endsAt: at(12, 20),
      capacity: 40,
      languages: ["ar", "fr"],
      status: "running",
      trainerIds: [],
    });
    if (!r.ok) throw new Error(r.error);
    return r.id;
  };
  const O1 = offering("2026-Q4");
  const O2 = offering("2026-Q4-B");

  const learners: { id: number; name: string }[] = [];
  const place = (offeringId: number, name: string, associationId: number, state: "enrolled" | "completed" | "certified") => {
    const user = makeUser("learner", { displayName: name, associationId });
    const { enrolment } = enrol(offeringId, user.id, { ignoreWindow: true });
    db.update(enrolments)
      .set({ enrolledAt: at(10, 5), requestedAt: at(10, 5), completedAt: state === "enrolled" ? null : at(11, 20) })
      .where(eq(enrolments.id, enrolment.id))
      .run();
    if (state === "certified")
      db.insert(certificates)
        .values({
          code: `TMK-2026Q4-${String(learners.length).padStart(6, "0")}`,
          enrolmentId: enrolment.id,
          userId: user.id,
          offeringId,
          courseId: "mini",
          language: "ar-fr",
          nameArabic: null,
          nameLatin: name,
          courseTitle: { ar: "دورة", fr: "Cours" },
          hours: 4,
          periodLabel: "2026-Q4",
          completedAt: at(11, 20),
          issuedAt: at(11, 25),
          issuer: { ar: "تمكين", fr: "Tamkeen" },
          subjectSalt: "salt",
        })
        .run();
    learners.push({ id: user.id, name });
  };
  for (let i = 0; i < 8; i++) place(O1, `Amal ${i + 1}`, amal, i < 5 ? "certified" : i < 6 ? "completed" : "enrolled");
  for (let i = 0; i < 3; i++) place(O1, `Atlas ${i + 1}`, atlas, "completed");
  place(O1, "Nour solo", nour, "enrolled");
  for (let i = 0; i < 5; i++) place(O2, `Nour ${i + 1}`, nour, "completed");

  const P1 = createPartner("Fondation Digitale")!;
  const P2 = createPartner("مؤسسة أخرى")!;
  setPartnerOfferings(P1.id, [O1]);
  setPartnerOfferings(P2.id, [O2]);
  const staff1 = makeUser("learner", { displayName: "Salma (Fondation)" });
  const staff2 = makeUser("learner", { displayName: "Karim (autre)" });
  attachPartnerStaff(P1.id, staff1.email);
  attachPartnerStaff(P2.id, staff2.email);
  const admin = makeUser("admin", { displayName: "Admin Rapports" });
  return {
    associations: { amal, atlas, nour },
    offerings: { O1, O2 },
    partners: { P1: P1.id, P2: P2.id },
    learners,
    cookies: {
      partner1: (await cookieFor(staff1.id)).cookie,
      partner2: (await cookieFor(staff2.id)).cookie,
      admin: (await cookieFor(admin.id)).cookie,
      learner: (await cookieFor(learners[0]!.id)).cookie,
    },
    staff: { staff1, staff2, admin },
  };
}
