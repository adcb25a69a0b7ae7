// stylelint over client/src/**/*.{css,svelte} (part of `npm run lint`): the recommended rules
// (invalid CSS, unknown properties, duplicates) and logical CSS only, so right-to-left
// languages (Arabic, Farsi) lay out correctly (R-I18N-DIR).
export default {
  extends: ['stylelint-config-recommended'],
  plugins: ['stylelint-plugin-logical-css'],
  overrides: [{ files: ['**/*.svelte'], customSyntax: 'postcss-html' }],
  rules: {
    // Svelte's scoped-style escape hatch.
    'selector-pseudo-class-no-unknown': [true, { ignorePseudoClasses: ['global'] }],
    // Off: in component-scoped styles, a later `.text` after `.hidden-item .text` is ordered by
    // meaning, not by specificity; reordering would split the rules of one element.
    'no-descending-specificity': null,
    // margin-left, padding-right, left:, border-right… → margin-inline-start, inset-inline-end…
    'logical-css/require-logical-properties': true,
    // text-align: left, float: right… → start, inline-end. `resize: vertical` is the same as
    // `resize: block` in every horizontal writing mode (right-to-left too), and `block` needs
    // Chrome 118, newer than some phones we meet.
    'logical-css/require-logical-keywords': [true, { ignore: ['resize'] }],
    // Off: vw/vh equal vi/vb in every horizontal writing mode, right-to-left included; all
    // our languages are written horizontally, so the units change nothing for them.
    'logical-css/require-logical-units': null,
  },
};
