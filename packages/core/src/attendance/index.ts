export * from './codes.ts';
export * from './calendar.ts';
export * from './daily.ts';
export * from './ada.ts';
export * from './chronic.ts';
