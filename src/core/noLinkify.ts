/**
 * What the bundles have for linkify-it: the notes model runs markdown-it with linkify off
 * (markdownEngine), so markdown-it never asks its linkify anything; the real one builds its
 * patterns when markdown-it is made, ≈ 4 ms of a headless run's start. esbuild.js puts this in its
 * place; tests run the real one.
 */
class NoLinkify {
  pretest(): boolean {
    return false;
  }

  test(): boolean {
    return false;
  }

  match(): null {
    return null;
  }

  matchAtStart(): null {
    return null;
  }

  set(): this {
    return this;
  }

  add(): this {
    return this;
  }

  tlds(): this {
    return this;
  }
}

// CommonJS, as linkify-it is: markdown-it's bundle reads it as `require('linkify-it')`.
export = NoLinkify;
