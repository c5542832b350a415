import { SetMetadata } from '@nestjs/common';

export const CACHED_READ = 'vigil:cached-read';

/**
 * A read route whose answer depends only on the caller's role and trials, the URL and the read models:
 * the ReadCacheInterceptor answers it from the last rendering while the read models stand still.
 */
export const CachedRead = () => SetMetadata(CACHED_READ, true);
