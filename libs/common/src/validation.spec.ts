import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import { DomainError } from './errors';
import { createValidationPipe, Nullable } from './validation';

class ParagraphInput {
  @IsOptional() @IsString() id?: string;
  @IsString() text: string;
}

class SectionInput {
  @IsOptional() @IsString() heading?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ParagraphInput) paragraphs: ParagraphInput[];
}

class DraftInput {
  @IsOptional() @IsString() title?: string;
  @IsOptional() @Nullable() @IsString() summary?: string | null;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => SectionInput) sections?: SectionInput[];
}

const body: ArgumentMetadata = { type: 'body', metatype: DraftInput };

async function detailsOf(value: unknown) {
  try {
    await createValidationPipe().transform(value, body);
  } catch (error) {
    return (error as DomainError).details;
  }
  return undefined;
}

describe('validation pipe', () => {
  it('refuses null where a field is not @Nullable(), naming it by its dotted path, also inside nested DTOs', async () => {
    expect(await detailsOf({ title: null })).toEqual([{ field: 'title', message: 'title must not be null' }]);
    expect(await detailsOf({ sections: [{ heading: null, paragraphs: [{ text: 'a' }, { id: null, text: 'b' }] }] })).toEqual([
      { field: 'sections.0.heading', message: 'sections.0.heading must not be null' },
      { field: 'sections.0.paragraphs.1.id', message: 'sections.0.paragraphs.1.id must not be null' },
    ]);
  });

  it('accepts null for a @Nullable() field and reports a required field once', async () => {
    expect(await detailsOf({ summary: null })).toBeUndefined();
    expect(await detailsOf({ sections: [{ paragraphs: [{ text: null }] }] })).toEqual([{ field: 'sections.0.paragraphs.0.text', message: 'text must be a string' }]);
  });
});
