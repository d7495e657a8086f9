// Shared by pages that show an offering to the public or to learners.
export type OfferingSummary = {
  id: number;
  periodLabel: string;
  startsAt: number;
  endsAt: number;
  enrolOpensAt: number;
  enrolClosesAt: number;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  languages: string[];
  status: string;
  enrolmentOpen: boolean;
};
