import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of approve / reject / suspend / reinstate. */
export class OrganisationDecisionDto {
  /** Why; shown to the organisation's members and kept in the audit log */
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}
