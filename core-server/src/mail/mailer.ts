import nodemailer, { type Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Optional HTML alternative to `text`. */
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Email over SMTP (SMTP_URL, e.g. smtp://user:pass@mail.example.se:587). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(url: string, private readonly from: string) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}
