/*
 * libparindex: export and declaration macros.
 *
 * PARINDEX_API marks the functions that form the public ABI; everything else
 * is built with hidden visibility.
 */
#ifndef PARINDEX_EXPORT_H
#define PARINDEX_EXPORT_H

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(PARINDEX_STATIC)
#    define PARINDEX_API
#  elif defined(PARINDEX_BUILDING)
#    define PARINDEX_API __declspec(dllexport)
#  else
#    define PARINDEX_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define PARINDEX_API __attribute__((visibility("default")))
#else
#  define PARINDEX_API
#endif

#ifdef __cplusplus
#  define PARINDEX_BEGIN_DECL extern "C" {
#  define PARINDEX_END_DECL }
#else
#  define PARINDEX_BEGIN_DECL
#  define PARINDEX_END_DECL
#endif

#if defined(__GNUC__)
#  define PARINDEX_WARN_UNUSED __attribute__((warn_unused_result))
#  define PARINDEX_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#  define PARINDEX_WARN_UNUSED
#  define PARINDEX_DEPRECATED(msg)
#endif

#endif /* PARINDEX_EXPORT_H */
