import type { ConsentLocale } from '@likeness/shared';

/**
 * The user messages BankID's relying-party guidelines prescribe (RFA1–RFA23), in Swedish and English,
 * and which one to show for each status and hint code of /collect and each error code.
 */
export const RFA: Record<string, Record<ConsentLocale, string>> = {
  RFA1: { sv: 'Starta BankID-appen.', en: 'Start your BankID app.' },
  RFA2: { sv: 'Du har inte BankID-appen installerad. Kontakta din bank.', en: 'The BankID app is not installed. Please contact your bank.' },
  RFA3: { sv: 'Åtgärden avbruten. Försök igen.', en: 'Action cancelled. Please try again.' },
  RFA4: {
    sv: 'En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.',
    en: 'An identification or signing for this personal number is already started. Please try again.',
  },
  RFA5: { sv: 'Internt tekniskt fel. Försök igen.', en: 'Internal error. Please try again.' },
  RFA6: { sv: 'Åtgärden avbruten.', en: 'Action cancelled.' },
  RFA8: {
    sv: 'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    en: "The BankID app is not responding. Please check that it's started and that you have internet access. If you don't have a valid BankID you can get one from your bank. Try again.",
  },
  RFA9: { sv: 'Skriv in din säkerhetskod i BankID-appen och välj Skriv under.', en: 'Enter your security code in the BankID app and select Sign.' },
  RFA13: { sv: 'Försöker starta BankID-appen.', en: 'Trying to start your BankID app.' },
  RFA14: {
    sv: 'Söker efter BankID, det kan ta en liten stund… Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.',
    en: "Searching for BankID, it may take a little while… If a few seconds have passed and still no BankID has been found, you probably don't have a BankID which can be used for this signing on this device. If you don't have a BankID you can get one from your bank.",
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  RFA17A: {
    sv: 'Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com',
    en: "Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don't have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com",
  },
  RFA17B: {
    sv: 'Misslyckades att starta BankID-appen. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com',
    en: "The BankID app couldn't be found on your computer or mobile device. Please install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com",
  },
  RFA18: { sv: 'Starta BankID-appen', en: 'Start the BankID app' },
  RFA19: {
    sv: 'Vill du skriva under med BankID på den här datorn eller med ett Mobilt BankID?',
    en: 'Would you like to sign with a BankID on this computer or with a Mobile BankID?',
  },
  RFA20: {
    sv: 'Vill du skriva under med ett BankID på den här enheten eller med ett BankID på en annan enhet?',
    en: 'Would you like to sign with a BankID on this device or with a BankID on another device?',
  },
  RFA21: { sv: 'Underskrift pågår.', en: 'Signing in progress.' },
  RFA22: { sv: 'Okänt fel. Försök igen.', en: 'Unknown error. Please try again.' },
  RFA23: { sv: 'Fotografera och läs av din ID-handling med BankID-appen.', en: 'Process your machine-readable travel document using the BankID app.' },
};

/** Which RFA message to show for a /collect answer. `qr`: the signer is scanning a QR code on another device. */
export function collectMessage(status: 'pending' | 'failed' | 'complete', hintCode: string | null, qr: boolean): string | null {
  if (status === 'complete') return null;
  if (status === 'pending') {
    switch (hintCode) {
      case 'outstandingTransaction':
      case 'noClient':
        return qr ? 'RFA1' : 'RFA13';
      case 'started':
        return qr ? 'RFA21' : 'RFA14';
      case 'userMrtd':
        return 'RFA23';
      case 'userSign':
        return 'RFA9';
      default:
        return 'RFA21';
    }
  }
  switch (hintCode) {
    case 'expiredTransaction':
      return 'RFA8';
    case 'certificateErr':
      return 'RFA16';
    case 'userCancel':
      return 'RFA6';
    case 'cancelled':
      return 'RFA3';
    case 'startFailed':
      return qr ? 'RFA17A' : 'RFA17B';
    case 'userDeclinedCall':
      return 'RFA6';
    default:
      return 'RFA22';
  }
}

/** Which RFA message to show for an error answer of /sign or /collect. */
export function errorMessage(errorCode: string): string {
  switch (errorCode) {
    case 'alreadyInProgress':
      return 'RFA4';
    case 'requestTimeout':
    case 'maintenance':
    case 'internalError':
    case 'unreachable':
      return 'RFA5';
    default:
      return 'RFA22';
  }
}
