// Rewrite of Ink for the bundle and the tests: the scrollback box (`internal_static`, Ink's
// <Static> mechanism) is written to the terminal only by the render its own change caused.
//
// Ink writes whatever the static box holds at every render, so a component must empty the box
// right after it was printed, or the next frame prints it again. Ink's <Static> (and ossa's
// transcript) did that with a state change in a layout effect: a second commit for every print,
// with a whole layout and a whole frame drawn again only to find nothing changed — about half of
// the UI's CPU while a reply streams. With this rewrite the box keeps its printed children until
// the app's next change replaces them, and renders in between (the clock, the spinner, a key)
// leave them out. Ink's own <Static> still works: its second commit now prints an empty box.
//
// Applied by scripts/ink-rewrite.mjs, which fails the build and the tests when Ink changed.
export const INK_STATIC_ONCE_REWRITES = {
  'reconciler.js': [
    [
      `            if (typeof rootNode.onImmediateRender === 'function') {
                rootNode.onImmediateRender();
            }`,
      `            // ossa: this render writes the static box; later ones leave it out until it changes.
            rootNode.ossaStaticPrinted = false;
            try {
                if (typeof rootNode.onImmediateRender === 'function') {
                    rootNode.onImmediateRender();
                }
            }
            finally {
                rootNode.ossaStaticPrinted = true;
            }`,
    ],
  ],
  'renderer.js': [
    ['            if (node.staticNode) {', '            if (node.staticNode && !node.ossaStaticPrinted) {'],
    [
      '        if (node.staticNode?.yogaNode) {',
      '        if (node.staticNode?.yogaNode && !node.ossaStaticPrinted) {',
    ],
  ],
};
