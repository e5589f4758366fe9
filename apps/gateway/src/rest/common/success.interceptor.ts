import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';

/**
 * Rocket.Chat's `API.v1.success`: every JSON object body carries `success: true`, unless the handler
 * already decided (a login failure answers `success: false` with its own status code).
 */
@Injectable()
export class SuccessInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        map((body: unknown) =>
          context.getType() === 'http' && body !== null && typeof body === 'object' && !Array.isArray(body) && !('success' in body)
            ? { ...body, success: true }
            : body,
        ),
      );
  }
}
