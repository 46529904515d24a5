/* A file containing only a comment has no function: end of input where 'function' is expected. */
