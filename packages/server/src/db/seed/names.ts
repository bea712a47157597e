/**
 * Built-in name lists. Common given names and surnames, drawn independently, so that no generated
 * person is anyone in particular; the lists lean the way a large Southern California district's
 * rolls do.
 */
export const FEMALE_NAMES = [
  'Sofia', 'Isabella', 'Camila', 'Valentina', 'Mia', 'Emily', 'Olivia', 'Emma', 'Ava', 'Abigail',
  'Victoria', 'Natalie', 'Ashley', 'Daniela', 'Genesis', 'Mariana', 'Ximena', 'Andrea', 'Jasmine', 'Leah',
  'Chloe', 'Zoe', 'Hannah', 'Grace', 'Aaliyah', 'Maya', 'Nevaeh', 'Aylin', 'Lucia', 'Gabriela',
  'Jocelyn', 'Kimberly', 'Brianna', 'Stephanie', 'Alexa', 'Samantha', 'Vanessa', 'Michelle', 'Melanie', 'Evelyn',
  'Angelina', 'Aria', 'Layla', 'Nora', 'Ruby', 'Elena', 'Ana', 'Paola', 'Fatima', 'Mei',
  'Jiwoo', 'Seo-yeon', 'Linh', 'Anahit', 'Nare', 'Priya', 'Amara', 'Imani', 'Kiara', 'Destiny',
];
export const MALE_NAMES = [
  'Mateo', 'Santiago', 'Sebastian', 'Daniel', 'Alexander', 'Matthew', 'Ethan', 'Jacob', 'Anthony', 'David',
  'Angel', 'Adrian', 'Diego', 'Leonardo', 'Julian', 'Gabriel', 'Isaac', 'Nathan', 'Aiden', 'Noah',
  'Liam', 'Elijah', 'Josiah', 'Jayden', 'Christopher', 'Joshua', 'Andrew', 'Kevin', 'Bryan', 'Jonathan',
  'Luis', 'Carlos', 'Jesus', 'Miguel', 'Emiliano', 'Damian', 'Ivan', 'Oscar', 'Eduardo', 'Fernando',
  'Marcus', 'Malik', 'Jamal', 'Xavier', 'Elias', 'Lucas', 'Samuel', 'Benjamin', 'Owen', 'Caleb',
  'Minjun', 'Ji-ho', 'Duc', 'Arman', 'Tigran', 'Arjun', 'Wei', 'Kenji', 'Rafael', 'Omar',
];
export const NEUTRAL_NAMES = ['Alex', 'Jordan', 'Taylor', 'Riley', 'Avery', 'Rowan', 'Sky', 'Quinn', 'Jesse', 'River'];

export const SURNAMES_HISPANIC = [
  'Garcia', 'Hernandez', 'Lopez', 'Martinez', 'Rodriguez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Flores',
  'Torres', 'Rivera', 'Gomez', 'Diaz', 'Cruz', 'Morales', 'Reyes', 'Gutierrez', 'Ortiz', 'Chavez',
  'Ruiz', 'Alvarez', 'Mendoza', 'Castillo', 'Jimenez', 'Vasquez', 'Romero', 'Herrera', 'Medina', 'Aguilar',
  'Vargas', 'Castro', 'Guzman', 'Fernandez', 'Munoz', 'Salazar', 'Delgado', 'Contreras', 'Nunez', 'Rojas',
  'Avila', 'Cervantes', 'Estrada', 'Ibarra', 'Lara', 'Mejia', 'Navarro', 'Orozco', 'Pacheco', 'Quintero',
];
export const SURNAMES_OTHER = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
  'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
  'Kim', 'Park', 'Nguyen', 'Tran', 'Chen', 'Wang', 'Santos', 'Reyes-Cruz', 'Bautista', 'Dela Cruz',
  'Petrosyan', 'Hakobyan', 'Sargsyan', 'Patel', 'Shah', 'Tanaka', 'Yamamoto', 'Washington', 'Coleman', "O'Neill",
];

export const MIDDLE_INITIAL_NAMES = ['Marie', 'Ann', 'Jose', 'Luis', 'Rose', 'James', 'Lynn', 'Alejandro', 'Guadalupe', 'Lee'];

/** Words for school names: places and plants, never people. */
export const PLACE_WORDS = [
  'Sycamore', 'Canyon', 'Harbor', 'Valley', 'Mesa', 'Arroyo', 'Cypress', 'Oak Grove', 'Palm', 'Sunrise',
  'Vista', 'Ridge', 'Meadow', 'Willow', 'Laurel', 'Bayside', 'Coastline', 'Foothill', 'Pacific', 'Riverside',
  'Highland', 'Lakeview', 'Maple', 'Juniper', 'Manzanita', 'Chaparral', 'Sierra', 'Alder', 'Birch', 'Cedar',
  'Magnolia', 'Poppy', 'Sage', 'Jacaranda', 'Eucalyptus', 'Orchard', 'Park', 'Hillcrest', 'Westwind', 'Eastgate',
  'Northridge', 'Southbay', 'Seaview', 'Crescent', 'Summit', 'Pinecrest', 'Silverlake', 'Bluebird', 'Heron', 'Sandpiper',
  'Condor', 'Falcon', 'Mariposa', 'Citrus', 'Olive', 'Avocado', 'Redwood', 'Ocean', 'Gateway', 'Horizon',
];
export const STREET_WORDS = ['Avenue', 'Street', 'Boulevard', 'Drive', 'Road', 'Park', 'Heights', 'Hills', 'Gardens', 'Terrace', 'Place', 'Way', 'Lane', 'Court', 'Glen', 'Knoll'];

export const OUTSIDE_SCHOOLS = [
  'Harbor View High School (out of state)', 'Desert Springs High School', 'Lakeshore Academy', 'Pine Valley High School',
  'Central Coast Charter High', 'Riverbend High School (Arizona)', 'Colonial Heights High School (Texas)', 'Bayfront High School',
];
