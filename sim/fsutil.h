/*
 * Small filesystem helpers for results folders: create a folder and its
 * parents, remove a tree, and publish a finished temporary folder under its
 * final name in one rename so readers never see half-written results.
 */
#pragma once

int fs_mkdirs(const char *path);
int fs_rmtree(const char *path);
/* Rename tmp to final; an existing final folder is replaced (moved aside,
 * then removed). 0 or -1. */
int fs_publish(const char *tmp, const char *final);
int fs_exists(const char *path);
/* Copy a file. 0 or -1. */
int fs_copy(const char *from, const char *to);
