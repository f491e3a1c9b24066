import nodemailer, { type Transporter } from 'nodemailer';
import type {
  DeliveryResult,
  NotificationChannel,
  OutboundMessage,
} from '@meterflow/core/notifications/notification-channel';

/** Longest wait for the SMTP server at each step. */
export const SMTP_TIMEOUT_MS = 10_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface SmtpOptions {
  /** `smtp://host:port` (or smtps://). */
  url: string;
  from: string;
}

/** E-mail over SMTP (nodemailer). A 5xx reply or a bad address is final; 4xx and connection trouble are retried. */
export class SmtpEmailChannel implements NotificationChannel {
  readonly kind = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const u = new URL(options.url);
    this.transport = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port || 25),
      secure: u.protocol === 'smtps:',
      ignoreTLS: u.protocol === 'smtp:',
      ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    if (!EMAIL.test(message.recipient)) return { ok: false, retryable: false, error: 'no valid e-mail address' };
    try {
      const info = (await this.transport.sendMail({
        from: this.options.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        headers: { 'X-MeterFlow-Outbox-Id': message.id },
      })) as { messageId?: string };
      return { ok: true, providerMessageId: info.messageId ?? message.id };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      return {
        ok: false,
        retryable: code === undefined || code < 500,
        error: `smtp: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }

  close(): void {
    this.transport.close();
  }
}
