/** A service module that throws as it loads, as one reading a setting that is not there does. */
const settings = JSON.parse('{}') as { model: { name: string } };
export const modelName = settings.model.name;
