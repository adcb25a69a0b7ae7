/** Texts for room-sized browser tests (walls and votes of 12 to 300 items). */
/** Engagements as a learning network writes them: short, long, and words that are long. */
export const ENGAGEMENTS = [
  'Meer fietsenstallingen aan het station',
  'Een buurtfeest in de zomer',
  'Ik ga met ervaringsdeskundigen aan de slag in ons team',
  'Samenwerken met zelforganisaties en de jeugddienst om meer jongeren te bereiken',
  'Toegankelijkheidsverantwoordelijke aanstellen',
  'Veilige oversteekplaatsen aan de school',
  'Vormingen over racisme en dekolonisatie voor het hele personeelsteam, ook voor de vrijwilligers, het bestuur en de mensen aan het onthaal, zodat we allemaal dezelfde taal spreken en weten waar we naartoe willen met onze organisatie',
  'Minder papier',
  'Een vast aanspreekpunt voor nieuwkomers bij de stad',
  'Ik neem het thema interculturalisering mee in mijn werking',
  'Bankjes in het park',
  'Een dialoog met de politie over polarisatie in de wijk, met een onafhankelijke moderator',
];
/** The n-th text (from 0), numbered so every one is unique: "… (n+1)". */
export const engagementText = (n: number) => `${ENGAGEMENTS[n % ENGAGEMENTS.length]} (${n + 1})`;
