import { AuthDemoModule } from '@meridian/auth';
import { DiscussionsDemoModule } from '@meridian/discussions';
import { OrganisationsDemoModule } from '@meridian/organisations';

/** The modules contributing a demo step (DEMO_SEED_STEP): loaded by the api and the CLI, both of which seed. */
export const DEMO_SEED_STEP_MODULES = [AuthDemoModule, OrganisationsDemoModule, DiscussionsDemoModule];
