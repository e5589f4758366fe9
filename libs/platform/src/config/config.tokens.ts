import { Inject } from '@nestjs/common';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Injects the app's validated configuration (the object `loadConfig` returned). */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);
