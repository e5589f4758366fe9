import { Injectable, type OnModuleInit } from '@nestjs/common';
import { LoginChecks } from '../auth/login-checks.js';
import { SecondFactorService } from './second-factor.service.js';

/** Registers the second factor with the login: a user with TOTP logs in with a code (Rocket.Chat's `totp` login handler). */
@Injectable()
export class LoginSecondFactor implements OnModuleInit {
  constructor(
    private readonly checks: LoginChecks,
    private readonly secondFactor: SecondFactorService,
  ) {}

  onModuleInit(): void {
    this.checks.register((user, { code }) => this.secondFactor.checkLogin(user, code));
  }
}
