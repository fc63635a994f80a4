import { Inject, Injectable } from '@nestjs/common';
import { RateBudget, RateBudgets } from '@meridian/common';
import { APP_CONFIG, AppConfig } from '@meridian/config';
import { normalisedEmail } from './auth-rate-limit.guard';

/**
 * The small budget of mails the auth routes (register, verification resend, reset request) may send to one
 * address (AUTH_MAIL_LIMIT per AUTH_MAIL_WINDOW_SECONDS), keyed on the normalised submitted address, so nobody
 * can flood a mailbox through Meridian from many IPs. Over it the routes answer exactly as before — 202, or
 * 201 for a registration — and send nothing: the budget reveals no account (DESIGN.md §14, "Consent and no
 * enumeration", "Budgets everywhere"); only the per-IP budget answers 429.
 */
@Injectable()
export class AuthMailBudget {
  private readonly budget: RateBudget;

  constructor(private readonly budgets: RateBudgets, @Inject(APP_CONFIG) config: AppConfig) {
    this.budget = { name: 'auth-mail', ...config.authMailLimit };
  }

  /** Spends one mail of the address's budget; false when it is spent (send nothing, answer as usual). */
  async allowsMailTo(email: string): Promise<boolean> {
    return (await this.budgets.spend(this.budget, normalisedEmail(email))).allowed;
  }
}
