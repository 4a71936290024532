import { z } from 'zod';
import { flagParam, idParam } from '@/lib/infra/table/search-params';

/** A file's URL: `?thread=` finds it on the site before the index has it; thumb and download pick the answer. */
export const fileSearchParams = z.object({ thread: idParam, thumb: flagParam, download: flagParam });
