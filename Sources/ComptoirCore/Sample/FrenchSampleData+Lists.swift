// The word lists behind `FrenchSampleData`. Lists only grow at the end: inserting in the middle changes
// what every seed produces, which breaks recorded benchmark figures and demo screenshots.

extension FrenchSampleData {
    /// About 90 real postcode + commune pairs across every region, Corsica and overseas included.
    public static let postcodes: [SamplePlace] = [
        // Île-de-France (01)
        SamplePlace("75001", "Paris", "Île-de-France", zone: .idf),
        SamplePlace("75008", "Paris", "Île-de-France", zone: .idf),
        SamplePlace("75011", "Paris", "Île-de-France", zone: .idf),
        SamplePlace("75015", "Paris", "Île-de-France", zone: .idf),
        SamplePlace("75017", "Paris", "Île-de-France", zone: .idf),
        SamplePlace("92100", "Boulogne-Billancourt", "Île-de-France", zone: .idf),
        SamplePlace("92200", "Neuilly-sur-Seine", "Île-de-France", zone: .idf),
        SamplePlace("93100", "Montreuil", "Île-de-France", zone: .idf),
        SamplePlace("93200", "Saint-Denis", "Île-de-France", zone: .idf),
        SamplePlace("94300", "Vincennes", "Île-de-France", zone: .idf),
        SamplePlace("78000", "Versailles", "Île-de-France", zone: .idf),
        SamplePlace("91300", "Massy", "Île-de-France", zone: .idf),
        SamplePlace("95000", "Cergy", "Île-de-France", zone: .idf),
        SamplePlace("77300", "Fontainebleau", "Île-de-France", zone: .idf),
        // North-west (02)
        SamplePlace("35000", "Rennes", "Bretagne", zone: .northWest),
        SamplePlace("29200", "Brest", "Bretagne", zone: .northWest),
        SamplePlace("29000", "Quimper", "Bretagne", zone: .northWest),
        SamplePlace("56000", "Vannes", "Bretagne", zone: .northWest),
        SamplePlace("22000", "Saint-Brieuc", "Bretagne", zone: .northWest),
        SamplePlace("44000", "Nantes", "Pays de la Loire", zone: .northWest),
        SamplePlace("49000", "Angers", "Pays de la Loire", zone: .northWest),
        SamplePlace("72000", "Le Mans", "Pays de la Loire", zone: .northWest),
        SamplePlace("53000", "Laval", "Pays de la Loire", zone: .northWest),
        SamplePlace("85000", "La Roche-sur-Yon", "Pays de la Loire", zone: .northWest),
        SamplePlace("14000", "Caen", "Normandie", zone: .northWest),
        SamplePlace("76000", "Rouen", "Normandie", zone: .northWest),
        SamplePlace("76600", "Le Havre", "Normandie", zone: .northWest),
        SamplePlace("50100", "Cherbourg-en-Cotentin", "Normandie", zone: .northWest),
        SamplePlace("61000", "Alençon", "Normandie", zone: .northWest),
        SamplePlace("37000", "Tours", "Centre-Val de Loire", zone: .northWest),
        SamplePlace("45000", "Orléans", "Centre-Val de Loire", zone: .northWest),
        SamplePlace("18000", "Bourges", "Centre-Val de Loire", zone: .northWest),
        SamplePlace("28000", "Chartres", "Centre-Val de Loire", zone: .northWest),
        // North-east (03)
        SamplePlace("59000", "Lille", "Hauts-de-France", zone: .northEast),
        SamplePlace("59100", "Roubaix", "Hauts-de-France", zone: .northEast),
        SamplePlace("62000", "Arras", "Hauts-de-France", zone: .northEast),
        SamplePlace("80000", "Amiens", "Hauts-de-France", zone: .northEast),
        SamplePlace("02100", "Saint-Quentin", "Hauts-de-France", zone: .northEast),
        SamplePlace("51100", "Reims", "Grand Est", zone: .northEast),
        SamplePlace("67000", "Strasbourg", "Grand Est", zone: .northEast),
        SamplePlace("68100", "Mulhouse", "Grand Est", zone: .northEast),
        SamplePlace("68000", "Colmar", "Grand Est", zone: .northEast),
        SamplePlace("57000", "Metz", "Grand Est", zone: .northEast),
        SamplePlace("54000", "Nancy", "Grand Est", zone: .northEast),
        SamplePlace("10000", "Troyes", "Grand Est", zone: .northEast),
        SamplePlace("08000", "Charleville-Mézières", "Grand Est", zone: .northEast),
        SamplePlace("88000", "Épinal", "Grand Est", zone: .northEast),
        SamplePlace("21000", "Dijon", "Bourgogne-Franche-Comté", zone: .northEast),
        SamplePlace("25000", "Besançon", "Bourgogne-Franche-Comté", zone: .northEast),
        SamplePlace("71100", "Chalon-sur-Saône", "Bourgogne-Franche-Comté", zone: .northEast),
        SamplePlace("90000", "Belfort", "Bourgogne-Franche-Comté", zone: .northEast),
        // South-east (04), Corsica included
        SamplePlace("69001", "Lyon", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("69003", "Lyon", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("38000", "Grenoble", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("42000", "Saint-Étienne", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("73000", "Chambéry", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("74000", "Annecy", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("63000", "Clermont-Ferrand", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("26000", "Valence", "Auvergne-Rhône-Alpes", zone: .southEast),
        SamplePlace("13001", "Marseille", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("13100", "Aix-en-Provence", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("06000", "Nice", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("06400", "Cannes", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("83000", "Toulon", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("84000", "Avignon", "Provence-Alpes-Côte d'Azur", zone: .southEast),
        SamplePlace("34000", "Montpellier", "Occitanie", zone: .southEast),
        SamplePlace("30000", "Nîmes", "Occitanie", zone: .southEast),
        SamplePlace("66000", "Perpignan", "Occitanie", zone: .southEast),
        SamplePlace("11000", "Carcassonne", "Occitanie", zone: .southEast),
        SamplePlace("20000", "Ajaccio", "Corse", zone: .southEast),
        SamplePlace("20200", "Bastia", "Corse", zone: .southEast),
        // South-west (05)
        SamplePlace("33000", "Bordeaux", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("33120", "Arcachon", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("64000", "Pau", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("64100", "Bayonne", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("64200", "Biarritz", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("87000", "Limoges", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("86000", "Poitiers", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("17000", "La Rochelle", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("40000", "Mont-de-Marsan", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("47000", "Agen", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("24000", "Périgueux", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("16000", "Angoulême", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("19100", "Brive-la-Gaillarde", "Nouvelle-Aquitaine", zone: .southWest),
        SamplePlace("31000", "Toulouse", "Occitanie", zone: .southWest),
        SamplePlace("81000", "Albi", "Occitanie", zone: .southWest),
        SamplePlace("65000", "Tarbes", "Occitanie", zone: .southWest),
        SamplePlace("82000", "Montauban", "Occitanie", zone: .southWest),
        SamplePlace("12000", "Rodez", "Occitanie", zone: .southWest),
        // Overseas departments
        SamplePlace("97400", "Saint-Denis", "La Réunion", zone: .reunion),
        SamplePlace("97410", "Saint-Pierre", "La Réunion", zone: .reunion),
        SamplePlace("97600", "Mamoudzou", "Mayotte", zone: .mayotte),
        SamplePlace("97110", "Pointe-à-Pitre", "Guadeloupe", zone: .guadeloupe),
        SamplePlace("97200", "Fort-de-France", "Martinique", zone: .martinique),
        SamplePlace("97300", "Cayenne", "Guyane", zone: .guyane),
    ]

    /// Men's first names, compound and accented forms included.
    public static let maleFirstNames: [String] = [
        "Jean", "Pierre", "Jean-Pierre", "Jean-Luc", "Jean-François", "Michel", "Philippe", "Alain", "Patrick",
        "Nicolas", "Christophe", "Stéphane", "Laurent", "Frédéric", "Éric", "Olivier", "Sébastien", "Julien",
        "Thomas", "Antoine", "Maxime", "Alexandre", "Hugo", "Lucas", "Louis", "Gabriel", "Raphaël", "Arthur",
        "Léo", "Loïc", "Yannick", "Gaël", "Hervé", "Benoît", "François", "Jérôme", "Thierry", "Bruno", "Didier",
        "Mathieu", "Rémi", "Théo", "Noël", "Joël", "Cédric", "Mickaël", "Grégoire", "Aurélien", "Jérémy",
        "Karim", "Mehdi", "Yacine", "Mamadou", "Kévin", "Bastien", "Étienne", "Gérard", "Marc-Antoine",
        "Paul-Henri", "Anh", "Matteo", "Killian",
    ]

    /// Women's first names, compound and accented forms included.
    public static let femaleFirstNames: [String] = [
        "Marie", "Marie-Hélène", "Marie-Claire", "Anne-Sophie", "Anne", "Sophie", "Isabelle", "Nathalie",
        "Sylvie", "Catherine", "Christine", "Valérie", "Sandrine", "Véronique", "Céline", "Aurélie", "Émilie",
        "Julie", "Camille", "Léa", "Chloé", "Manon", "Inès", "Zoé", "Léna", "Jade", "Louise", "Alice", "Emma",
        "Clémence", "Gaëlle", "Maëlle", "Anaïs", "Noémie", "Hélène", "Françoise", "Brigitte", "Martine",
        "Mireille", "Cécile", "Agnès", "Bénédicte", "Laëtitia", "Solène", "Océane", "Mélanie", "Fatima", "Amina",
        "Nadia", "Sarah", "Claire", "Élodie", "Margaux", "Agathe", "Héloïse", "Béatrice", "Geneviève", "Thi-Lan",
        "Maïwenn", "Aïcha",
    ]

    /// All first names, men's then women's.
    public static let firstNames: [String] = maleFirstNames + femaleFirstNames

    /// Family names: common French names, particles, compound, Breton, Alsatian and immigrant-origin names.
    public static let lastNames: [String] = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
        "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Müller", "Henry", "Roussel", "Nicolas",
        "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
        "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
        "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Perez", "Marchand", "Dufour",
        "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard",
        "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine",
        "Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis", "Rodriguez", "Da Silva", "Hubert", "Rivière",
        "Le Gall", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury",
        "Deschamps", "Carpentier", "Benoît", "Maillard", "Aubry", "Vasseur", "Le Corre", "Renault", "Jacquet",
        "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Carré", "Breton", "Rémy",
        "Schneider", "Perrot", "Guyot", "Barré", "Marty", "Le Goff", "d'Arc", "O'Neil", "Tran", "Pham",
        "Benali", "Haddad", "Diallo", "Traoré", "Da Costa", "Dos Santos", "Kowalski", "Ferreira", "Zimmermann",
        "Kieffer", "Müller-Dubois", "Martin-Lefèvre", "Saint-Martin", "Le Bihan", "Hébert", "Lécuyer", "Quéré",
        "de La Fontaine", "Thépaut",
    ]

    /// Street types as written in addresses (lowercase, as on envelopes).
    public static let streetTypes: [String] = [
        "rue", "rue", "rue", "rue", "avenue", "avenue", "boulevard", "place", "chemin", "allée", "impasse",
        "route", "quai", "cours",
    ]

    /// Street names with their connector: « de la République », « Jean-Jaurès », « des Vignes ».
    public static let streetNames: [String] = [
        "de la République", "Jean-Jaurès", "des Vignes", "Victor-Hugo", "du Général-de-Gaulle", "de la Gare",
        "Pasteur", "des Lilas", "du Moulin", "Saint-Michel", "de l'Église", "des Écoles", "Gambetta",
        "de la Liberté", "du Maréchal-Foch", "Jean-Moulin", "de Verdun", "des Tilleuls", "du Stade",
        "de la Mairie", "Carnot", "Émile-Zola", "du 8-Mai-1945", "Voltaire", "de Bretagne", "des Acacias",
        "du Château", "de Paris", "de la Paix", "Georges-Clemenceau", "Aristide-Briand", "des Peupliers",
        "Nationale", "du Port", "Pierre-et-Marie-Curie", "de l'Hôtel-de-Ville", "des Cerisiers", "Louis-Pasteur",
        "du Commerce", "Sadi-Carnot", "des Jardins", "Lamartine", "Anatole-France", "du Professeur-Calmette",
        "Simone-Veil", "de la Fontaine", "des Mimosas", "Notre-Dame",
    ]

    /// Second address lines, used now and then.
    public static let addressComplements: [String] = [
        "Bâtiment B", "Résidence Les Chênes", "ZA des Érables", "BP 42", "Appartement 12", "Zone artisanale du Moulin",
        "Escalier C, 3e étage", "Parc d'activités de la Lande", "Lieu-dit Le Bourg", "CS 30045",
    ]

    /// Legal forms of French businesses.
    public static let legalForms: [String] = ["SARL", "SAS", "SASU", "EURL", "EI", "SCI", "SA", "SNC", "SELARL"]

    /// Draw weights of `legalForms`, in the same order (SARL and SAS dominate, as in the SIRENE register).
    static let legalFormWeights: [Int] = [28, 22, 12, 10, 12, 8, 4, 2, 2]

    /// Trades and the NAF code of their activity; `suffix` trades follow the name ("Dupont Conseil").
    static let activities: [SampleActivity] = [
        SampleActivity("Boulangerie", naf: "1071C", feminine: true),
        SampleActivity("Pâtisserie", naf: "1071D", feminine: true),
        SampleActivity("Boucherie", naf: "4722Z", feminine: true),
        SampleActivity("Garage", naf: "4520A"),
        SampleActivity("Plomberie", naf: "4322A", feminine: true),
        SampleActivity("Électricité", naf: "4321A", feminine: true),
        SampleActivity("Menuiserie", naf: "4332A", feminine: true),
        SampleActivity("Maçonnerie", naf: "4399C", feminine: true),
        SampleActivity("Charpente", naf: "4391A", feminine: true),
        SampleActivity("Pharmacie", naf: "4773Z", feminine: true),
        SampleActivity("Imprimerie", naf: "1812Z", feminine: true),
        SampleActivity("Librairie", naf: "4761Z", feminine: true),
        SampleActivity("Restaurant", naf: "5610A"),
        SampleActivity("Brasserie", naf: "5610A", feminine: true),
        SampleActivity("Hôtel", naf: "5510Z"),
        SampleActivity("Coiffure", naf: "9602A", feminine: true),
        SampleActivity("Optique", naf: "4778A", feminine: true),
        SampleActivity("Auto-école", naf: "8553Z", feminine: true),
        SampleActivity("Cave", naf: "4725Z", feminine: true),
        SampleActivity("Épicerie", naf: "4711B", feminine: true),
        SampleActivity("Supermarché", naf: "4711D"),
        SampleActivity("Tabac-Presse", naf: "4726Z"),
        SampleActivity("Domaine", naf: "0121Z"),
        SampleActivity("Agence immobilière", naf: "6831Z"),
        SampleActivity("Cabinet comptable", naf: "6920Z"),
        SampleActivity("Transports", naf: "4941A"),
        SampleActivity("Conseil", naf: "7022Z", suffix: true),
        SampleActivity("Informatique", naf: "6202A", suffix: true),
        SampleActivity("Assurances", naf: "6622Z", suffix: true),
        SampleActivity("Patrimoine", naf: "6619B", suffix: true),
        SampleActivity("Bâtiment", naf: "4120A", suffix: true),
        SampleActivity("Paysage", naf: "8130Z", suffix: true),
        SampleActivity("Traiteur", naf: "5621Z", suffix: true),
        SampleActivity("Immobilier", naf: "6831Z", suffix: true),
        SampleActivity("Formation", naf: "8559A", suffix: true),
        SampleActivity("Propreté", naf: "8121Z", suffix: true),
        SampleActivity("Avocats", naf: "6910Z", suffix: true),
        SampleActivity("Architecture", naf: "7111Z", suffix: true),
    ]

    /// Where a shop is, after its trade: « Garage du Centre », « Pharmacie de la Gare ».
    static let landmarks: [String] = [
        "du Centre", "de la Gare", "des Halles", "du Port", "de la Place", "du Marché", "de l'Église", "du Lac",
        "des Remparts", "du Château", "de la Mairie", "du Pont", "des Arcades", "de la Plage",
    ]

    /// Plural nouns for « Les Jardins d'Arcachon » names, with the matching activity.
    static let collectives: [(noun: String, naf: String)] = [
        ("Jardins", "8130Z"), ("Délices", "1071D"), ("Caves", "4725Z"), ("Ateliers", "4332A"),
        ("Saveurs", "5610A"), ("Vergers", "0124Z"), ("Terrasses", "5610A"), ("Halles", "4711B"),
        ("Toits", "4391B"), ("Artisans", "4399C"), ("Coteaux", "0121Z"), ("Fournils", "1071C"),
    ]

    /// Head words of « Société Générale de Négoce » names (`feminine` drives the adjective).
    static let groupWords: [(word: String, feminine: Bool)] = [
        ("Société", true), ("Compagnie", true), ("Groupe", false), ("Union", true), ("Comptoir", false),
    ]

    /// Adjectives as (masculine, feminine singular).
    static let adjectives: [(masculine: String, feminine: String)] = [
        ("Général", "Générale"), ("Atlantique", "Atlantique"), ("Méditerranéen", "Méditerranéenne"),
        ("Français", "Française"), ("Européen", "Européenne"), ("Continental", "Continentale"),
        ("Parisien", "Parisienne"), ("Breton", "Bretonne"), ("Alsacien", "Alsacienne"), ("Normand", "Normande"),
        ("Provençal", "Provençale"), ("Savoyard", "Savoyarde"), ("Occitan", "Occitane"), ("Lyonnais", "Lyonnaise"),
        ("Nouveau", "Nouvelle"), ("Central", "Centrale"),
    ]

    /// Sectors for « … de Négoce » names, with the matching activity.
    static let sectors: [(name: String, naf: String)] = [
        ("Négoce", "4690Z"), ("Transports", "4941A"), ("Travaux Publics", "4299Z"), ("Informatique", "6202A"),
        ("Distribution", "4690Z"), ("Courtage", "6622Z"), ("Services", "8299Z"), ("Gestion", "7022Z"),
        ("Ingénierie", "7112B"), ("Matériaux", "4673A"), ("Investissement", "7010Z"), ("Emballage", "2222Z"),
        ("Électricité", "4321A"), ("Outillage", "4674A"),
    ]

    /// Feminine regional adjectives for « Menuiserie Bretonne » names.
    static let regionalAdjectives: [String] = [
        "Bretonne", "Normande", "Alsacienne", "Provençale", "Savoyarde", "Basque", "Lorraine", "Picarde",
        "Auvergnate", "Charentaise", "Corse", "Landaise", "Vendéenne", "Catalane", "Réunionnaise",
    ]

    /// Activities of sole traders (EI), named after their owner.
    static let soleTraderNAFs: [String] = ["7022Z", "8559A", "7420Z", "7410Z", "6201Z", "9602A", "8690E", "4332A", "7111Z"]

    /// Names of property companies (SCI) other than a family name.
    static let propertyNames: [String] = [
        "Les Tilleuls", "Les Acacias", "Les Mimosas", "du Parc", "Les Glycines", "de l'Étang", "Les Oliviers",
        "du Clos", "Les Chênes", "de la Source",
    ]

    /// Roles of a contact in a company, as (masculine, feminine).
    static let rolePairs: [(masculine: String, feminine: String)] = [
        ("Gérant", "Gérante"), ("Comptable", "Comptable"), ("Directeur commercial", "Directrice commerciale"),
        ("Assistant", "Assistante"), ("DRH", "DRH"), ("Associé", "Associée"), ("Président", "Présidente"),
        ("Responsable des achats", "Responsable des achats"), ("Chargé de clientèle", "Chargée de clientèle"),
        ("Directeur administratif et financier", "Directrice administrative et financière"),
        ("Technicien", "Technicienne"), ("Commercial", "Commerciale"), ("Secrétaire général", "Secrétaire générale"),
        ("Chef de projet", "Cheffe de projet"),
    ]

    /// Roles of a contact in a company, every form.
    public static let roles: [String] = rolePairs.flatMap { [$0.masculine, $0.feminine] }.uniqued()

    /// Occupations of private clients, as (masculine, feminine).
    static let occupationPairs: [(masculine: String, feminine: String)] = [
        ("Enseignant", "Enseignante"), ("Infirmier", "Infirmière"), ("Retraité", "Retraitée"),
        ("Ingénieur", "Ingénieure"), ("Artisan", "Artisane"), ("Médecin", "Médecin"), ("Étudiant", "Étudiante"),
        ("Agriculteur", "Agricultrice"), ("Fonctionnaire", "Fonctionnaire"), ("Cadre", "Cadre"),
        ("Commerçant", "Commerçante"), ("Employé", "Employée"), ("Pharmacien", "Pharmacienne"),
    ]

    /// Job titles: company roles and private clients' occupations, every form.
    public static let jobTitles: [String] = (rolePairs + occupationPairs).flatMap { [$0.masculine, $0.feminine] }.uniqued()

    /// Interest tags of the insurance-broker set-up (« centres d'intérêt »), flat and hierarchical.
    public static let tags: [String] = [
        "Particulier", "Professionnel", "Client", "Prospect",
        "Client auto", "Prospect auto", "Client moto", "Prospect moto", "Client habitation", "Prospect habitation",
        "Client santé", "Prospect santé",
        "Assurance › Auto › Client", "Assurance › Auto › Prospect", "Assurance › Habitation › Client",
        "Assurance › Habitation › Prospect", "Assurance › Santé › Client", "Assurance › Santé › Prospect",
        "Assurance › Moto › Client", "Assurance › Moto › Prospect",
        "Newsletter", "Parrainage",
    ]

    /// Insurance lines used to build tags: (flat word, hierarchical word).
    static let insuranceLines: [(flat: String, tree: String)] = [
        ("auto", "Auto"), ("moto", "Moto"), ("habitation", "Habitation"), ("santé", "Santé"),
    ]

    /// Mailbox providers for contacts' personal addresses.
    public static let emailDomains: [String] = [
        "orange.fr", "gmail.com", "free.fr", "wanadoo.fr", "laposte.net", "sfr.fr", "outlook.fr", "yahoo.fr",
        "hotmail.fr", "icloud.com", "bbox.fr", "neuf.fr",
    ]

    /// Every NAF code the generator may assign.
    public static let nafCodes: [String] =
        (activities.map(\.naf) + collectives.map(\.naf) + sectors.map(\.naf) + soleTraderNAFs + ["6820A", "6820B"])
        .uniqued()
}

/// A trade used in company names, with its NAF code (internal).
struct SampleActivity: Sendable {
    let trade: String
    let naf: String
    /// « Dupont Conseil » rather than « Boulangerie Dupont ».
    let suffix: Bool
    /// Whether the trade is a feminine singular noun (« Menuiserie Bretonne »).
    let feminine: Bool

    init(_ trade: String, naf: String, suffix: Bool = false, feminine: Bool = false) {
        self.trade = trade
        self.naf = naf
        self.suffix = suffix
        self.feminine = feminine
    }
}

extension Array where Element: Hashable {
    /// The elements in order, without repeats.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
