/** Built-in template ids (a leaf module: schemas import it without importing the templates). */
export const TEMPLATE_IDS = ['houseRules', 'learningNetwork', 'empty'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
