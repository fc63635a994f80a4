import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '@meridian/common';
import { OrganisationRefDto } from './post.dto';

export class SearchUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Start of a handle, or text in a display name' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Only users who can read this thread (mention completion); 404 when the caller cannot read it' })
  @IsOptional() @IsUUID()
  threadId?: string;
}

export class DirectoryUserDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() handle: string;
  @ApiProperty({ type: [OrganisationRefDto] }) organisations: OrganisationRefDto[];
}

export class DirectoryUserPageDto {
  @ApiProperty({ type: [DirectoryUserDto] }) items: DirectoryUserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
