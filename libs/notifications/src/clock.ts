import { Injectable } from '@nestjs/common';

/** The time the notification engine works with; tests replace `now` to move digests along without sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
