import { ConsentTemplateCreateSchema, type ConsentTemplateCreate } from '@likeness/shared';

/**
 * Ready-made templates every new organisation starts with, so the first request can go out without
 * writing legal text from scratch. They are ordinary templates: the organisation reviews, edits
 * (a new version) or archives them like its own. Written for Art. 6(1)(a) consent, with what Art. 7
 * and Art. 13 ask a data subject to be told: who, what for, where, for how long, and how to withdraw.
 */
const RIGHTS_SV = `**Dina rättigheter.** Samtycket är frivilligt och du kan när som helst återkalla det, lika enkelt som du gav det: via länken i ditt kvitto eller genom att kontakta oss. Efter ett återkallande slutar vi använda bilderna i nya sammanhang och tar bort dem där vi kan, till exempel på våra webbplatser. Det som redan har tryckts kan vi inte dra tillbaka. Du har rätt att få veta vilka uppgifter vi har om dig, att få fel rättade och att få dem raderade. Om du är missnöjd med hur vi behandlar dina uppgifter kan du klaga hos Integritetsskyddsmyndigheten (IMY).`;

const RIGHTS_EN = `**Your rights.** Consent is voluntary and you can withdraw it at any time, as easily as you gave it: through the link in your receipt or by contacting us. After a withdrawal we stop using the photos in new contexts and remove them where we can, for example from our websites. What has already been printed cannot be recalled. You have the right to know what data we hold about you, to have errors corrected and to have it erased. If you are unhappy with how we handle your data, you can complain to the Swedish Authority for Privacy Protection (IMY).`;

const STARTERS: unknown[] = [
  {
    name: 'Samtycke till bilder och film (standard)',
    purpose: 'consent',
    validityDays: 730,
    texts: {
      sv: {
        title: 'Samtycke till att {{organisation}} använder bilder och film där du syns',
        body: `Hej {{person.name}},

{{organisation}} vill använda fotografier och filmer där du syns för att informera om och visa vår verksamhet.

**Var bilderna används:** {{channels}}.

**Hur länge:** samtycket gäller {{validity}}. Därefter använder vi inte bilderna igen utan att fråga dig på nytt.

**Vem som ansvarar:** {{organisation}} är personuppgiftsansvarig. Vi behandlar bilderna med stöd av ditt samtycke (artikel 6.1 a i dataskyddsförordningen) och sparar dem i vår bildbank så länge samtycket gäller.

${RIGHTS_SV}`,
        completionText: 'Tack! Ditt samtycke är registrerat. Du får ett kvitto med en länk där du kan återkalla samtycket när du vill.',
      },
      en: {
        title: 'Consent for {{organisation}} to use photos and video in which you appear',
        body: `Hello {{person.name}},

{{organisation}} would like to use photos and videos in which you appear to inform about and show our work.

**Where the photos are used:** {{channels}}.

**For how long:** the consent is valid {{validity}}. After that we do not use the photos again without asking you anew.

**Who is responsible:** {{organisation}} is the data controller. We process the photos on the basis of your consent (Article 6(1)(a) of the General Data Protection Regulation) and keep them in our image bank for as long as the consent is valid.

${RIGHTS_EN}`,
        completionText: 'Thank you! Your consent has been recorded. You will receive a receipt with a link where you can withdraw it whenever you like.',
      },
    },
  },
  {
    name: 'Vårdnadshavares samtycke för barn',
    purpose: 'consent',
    validityDays: 365,
    texts: {
      sv: {
        title: 'Samtycke från vårdnadshavare: bilder och film där {{person.name}} syns',
        body: `Till vårdnadshavare för {{person.name}},

{{organisation}} vill använda fotografier och filmer där ditt barn **{{person.name}}** syns, för att informera om och visa vår verksamhet. Eftersom barnet är under 18 år frågar vi dig som vårdnadshavare. Har barnet två vårdnadshavare bör ni vara överens; vi lyssnar också på barnets egen vilja, och ett nej från barnet respekteras.

**Var bilderna används:** {{channels}}.

**Hur länge:** samtycket gäller {{validity}}. När barnet fyller 18 år kan hen själv återkalla det.

**Vem som ansvarar:** {{organisation}} är personuppgiftsansvarig. Vi behandlar bilderna med stöd av samtycke (artikel 6.1 a i dataskyddsförordningen).

${RIGHTS_SV}`,
        completionText: 'Tack! Ditt samtycke för barnet är registrerat. Du får ett kvitto med en länk där du kan återkalla det när du vill.',
      },
      en: {
        title: "A guardian's consent: photos and video in which {{person.name}} appears",
        body: `To the guardian of {{person.name}},

{{organisation}} would like to use photos and videos in which your child **{{person.name}}** appears, to inform about and show our work. As the child is under 18, we ask you as their guardian. If the child has two guardians, you should agree; we also listen to the child's own wishes, and a no from the child is respected.

**Where the photos are used:** {{channels}}.

**For how long:** the consent is valid {{validity}}. Once the child turns 18, they can withdraw it themselves.

**Who is responsible:** {{organisation}} is the data controller. We process the photos on the basis of consent (Article 6(1)(a) of the General Data Protection Regulation).

${RIGHTS_EN}`,
        completionText: 'Thank you! Your consent for the child has been recorded. You will receive a receipt with a link where you can withdraw it whenever you like.',
      },
    },
  },
  {
    name: 'Modellavtal (fotografering på uppdrag)',
    purpose: 'model_release',
    validityDays: null,
    texts: {
      sv: {
        title: 'Modellavtal med {{organisation}}',
        body: `Hej {{person.name}},

Du medverkar som modell vid en fotografering eller filminspelning för {{organisation}}. Med det här avtalet godkänner du att bilderna och filmerna används i {{organisation}}s kommunikation.

**Var bilderna används:** {{channels}}.

**Hur länge:** avtalet gäller {{validity}}.

**Villkor:** bilderna får inte användas i sammanhang som kan uppfattas som kränkande eller ge en felaktig bild av dig, och inte säljas vidare till någon annan. Eventuell ersättning framgår av er separata överenskommelse.

**Vem som ansvarar:** {{organisation}} är personuppgiftsansvarig och behandlar bilderna för att fullgöra avtalet med dig (artikel 6.1 b i dataskyddsförordningen).

**Om du vill avsluta:** kontakta oss eller använd länken i ditt kvitto. Vi slutar då använda bilderna i nya sammanhang och tar bort dem där vi kan; det som redan har tryckts kan vi inte dra tillbaka. Du har rätt att få veta vilka uppgifter vi har om dig och att klaga hos Integritetsskyddsmyndigheten (IMY).`,
        completionText: 'Tack! Avtalet är registrerat. Du får ett kvitto med en kopia av texten.',
      },
      en: {
        title: 'Model release with {{organisation}}',
        body: `Hello {{person.name}},

You are taking part as a model in a photo or video shoot for {{organisation}}. With this release you agree that the photos and videos are used in {{organisation}}'s communication.

**Where the photos are used:** {{channels}}.

**For how long:** the release is valid {{validity}}.

**Terms:** the photos may not be used in contexts that could be perceived as offensive or give a false picture of you, and may not be sold on to anyone else. Any payment is set out in your separate agreement.

**Who is responsible:** {{organisation}} is the data controller and processes the photos to perform the agreement with you (Article 6(1)(b) of the General Data Protection Regulation).

**If you want to end it:** contact us or use the link in your receipt. We then stop using the photos in new contexts and remove them where we can; what has already been printed cannot be recalled. You have the right to know what data we hold about you and to complain to the Swedish Authority for Privacy Protection (IMY).`,
        completionText: 'Thank you! The release has been recorded. You will receive a receipt with a copy of the text.',
      },
    },
  },
];

/** The starter templates for an organisation with these channels (each template covers all of them). */
export function starterTemplates(channels: string[]): ConsentTemplateCreate[] {
  // Every method: the signing page offers only those the organisation has a provider for.
  return STARTERS.map((t) => ConsentTemplateCreateSchema.parse({ ...(t as object), channels, methods: ['bankid', 'sms_code', 'email_code'] }));
}
