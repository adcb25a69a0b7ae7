/**
 * Mailing the report (optional): when SMTP is configured, the facilitator or the organiser
 * sends the report (PDF and DOCX) to addresses they type. Nodemailer does the SMTP; this
 * module only holds the one transport and says what a message would look like (the preview
 * shows exactly what `send` sends).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from './config.ts';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  attachments: Attachment[];
}

export class Mailer {
  readonly from: string;
  #transport: Transporter;

  constructor(config: SmtpConfig) {
    this.from = config.from;
    this.#transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user && { auth: { user: config.user, pass: config.pass ?? '' } }),
      // A slow or unreachable mail server answers the organiser in seconds, not minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  /** Sends one message to all addresses; resolves with the server's message id. */
  async send(mail: ReportMail): Promise<string> {
    const info = await this.#transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments,
    });
    return String(info.messageId ?? '');
  }

  close(): void {
    this.#transport.close();
  }
}
