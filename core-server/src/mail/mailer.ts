import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from '../kernel/ports';

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
