"""The programme team's demo narrative of GLOBE-2022-2026, written in Dutch with its translations.

True to the rest of the demo: the figures quoted are those of the demo's programme-level
values (demo_reports.PROGRAMME_VALUES) and of the partner reports' statuses; everything
else is said qualitatively. Marked as demo (ProgrammeNarrative.is_demo).
"""

from demo.organisations import upsert
from partnerships.models import User
from reporting.models import NarrativeSection, ProgrammeNarrative

S = NarrativeSection

NARRATIVE = {
    2022: {
        S.SYNTHESIS: {
            "nl": "2022 was het startjaar van het programma. Vijf partnerschappen werkten al met een outcomegericht meerjarenplan en een M&E-plan; de andere stelden het hunne op met het team. Het team bereikte 150 lokale besturen met vormingen en publicaties en bereidde de SDG-partnerschappen in Rwanda voor.",
            "fr": "2022 a été l'année de démarrage du programme. Cinq partenariats travaillaient déjà avec un plan pluriannuel orienté résultats et un plan de suivi-évaluation ; les autres ont élaboré le leur avec l'équipe. L'équipe a touché 150 pouvoirs locaux par ses formations et publications et a préparé les partenariats ODD au Rwanda.",
            "es": "2022 fue el año de arranque del programa. Cinco asociaciones ya trabajaban con un plan plurianual orientado a resultados y un plan de seguimiento y evaluación; las demás elaboraron el suyo con el equipo. El equipo alcanzó a 150 gobiernos locales con formaciones y publicaciones y preparó las asociaciones ODS en Ruanda.",
            "en": "2022 was the programme's first year. Five partnerships already worked with an outcome-oriented multi-year plan and an M&E plan; the others drew up theirs with the team. The team reached 150 local governments through trainings and publications and prepared the SDG partnerships in Rwanda.",
        },
    },
    2023: {
        S.SYNTHESIS: {
            "nl": "In 2023 startten de vier SDG-partnerschappen in Rwanda, een nieuwe vorm van samenwerking tussen Vlaamse gemeenten en Rwandese districten. Negen partnerschappen werken nu met een meerjarenplan en een M&E-plan, en 172 lokale besturen werden bereikt met vormingen en publicaties.",
            "fr": "En 2023, les quatre partenariats ODD ont démarré au Rwanda, une nouvelle forme de coopération entre communes flamandes et districts rwandais. Neuf partenariats travaillent désormais avec un plan pluriannuel et un plan de suivi-évaluation, et 172 pouvoirs locaux ont été touchés par les formations et publications.",
            "es": "En 2023 arrancaron las cuatro asociaciones ODS en Ruanda, una nueva forma de cooperación entre municipios flamencos y distritos ruandeses. Nueve asociaciones trabajan ahora con un plan plurianual y un plan de seguimiento y evaluación, y 172 gobiernos locales fueron alcanzados por las formaciones y publicaciones.",
            "en": "In 2023 the four SDG partnerships started in Rwanda, a new form of cooperation between Flemish municipalities and Rwandan districts. Nine partnerships now work with a multi-year plan and an M&E plan, and 172 local governments were reached through trainings and publications.",
        },
    },
    2024: {
        S.SYNTHESIS: {
            "nl": "In 2024 namen ANCB, RALGA en VVSG samen een meerlagig actieplan aan. Dertien partnerschappen werken met een meerjarenplan en een M&E-plan; 82 % van de partnerschappen diende het jaarrapport op tijd in. Het team bereikte 195 lokale besturen.",
            "fr": "En 2024, l'ANCB, RALGA et la VVSG ont adopté ensemble un plan d'action multiniveau. Treize partenariats travaillent avec un plan pluriannuel et un plan de suivi-évaluation ; 82 % des partenariats ont remis leur rapport annuel à temps. L'équipe a touché 195 pouvoirs locaux.",
            "es": "En 2024, ANCB, RALGA y VVSG aprobaron juntas un plan de acción multinivel. Trece asociaciones trabajan con un plan plurianual y un plan de seguimiento y evaluación; el 82 % de las asociaciones entregó su informe anual a tiempo. El equipo alcanzó a 195 gobiernos locales.",
            "en": "In 2024 ANCB, RALGA and VVSG together adopted a multi-level action plan. Thirteen partnerships work with a multi-year plan and an M&E plan; 82% of the partnerships submitted their annual report on time. The team reached 195 local governments.",
        },
    },
    2025: {
        S.SYNTHESIS: {
            "nl": "In 2025, het vierde jaar van het programma, liepen vijftien van de zeventien partnerschappen verder; de SDG-partnerschappen Tienen–Gatsibo en Ronse–Nyanza staan on hold en dienden geen jaarrapport in. Vijftien partnerschappen werken nu met een outcomegericht meerjarenplan en een M&E-plan, zoals gepland. Van de vijftien jaarrapporten zijn er twaalf goedgekeurd, twee nog in behandeling en één teruggestuurd voor aanvulling. In Vlaanderen gebruiken 101 lokale besturen de SDG-monitor en bereikte het team 214 lokale besturen met vormingen en publicaties. Achter op schema liggen de SDG-partnerschappen (twee lopend in plaats van zes) en de bijdragen aan de post-Agenda 2030.",
            "fr": "En 2025, quatrième année du programme, quinze des dix-sept partenariats ont poursuivi leurs activités ; les partenariats ODD Tienen–Gatsibo et Ronse–Nyanza sont suspendus et n'ont pas remis de rapport annuel. Quinze partenariats travaillent désormais avec un plan pluriannuel orienté résultats et un plan de suivi-évaluation, comme prévu. Sur les quinze rapports annuels, douze sont approuvés, deux encore en cours d'examen et un renvoyé pour compléments. En Flandre, 101 pouvoirs locaux utilisent le moniteur ODD et l'équipe a touché 214 pouvoirs locaux par ses formations et publications. Les partenariats ODD (deux en cours au lieu de six) et les contributions à l'après-Agenda 2030 accusent un retard.",
            "es": "En 2025, cuarto año del programa, quince de las diecisiete asociaciones siguieron adelante; las asociaciones ODS Tienen–Gatsibo y Ronse–Nyanza están suspendidas y no entregaron informe anual. Quince asociaciones trabajan ahora con un plan plurianual orientado a resultados y un plan de seguimiento y evaluación, según lo previsto. De los quince informes anuales, doce están aprobados, dos siguen en revisión y uno fue devuelto para completarlo. En Flandes, 101 gobiernos locales utilizan el monitor ODS y el equipo alcanzó a 214 gobiernos locales con formaciones y publicaciones. Van con retraso las asociaciones ODS (dos en curso en lugar de seis) y las contribuciones a la post Agenda 2030.",
            "en": "In 2025, the programme's fourth year, fifteen of the seventeen partnerships carried on; the SDG partnerships Tienen–Gatsibo and Ronse–Nyanza are on hold and sent no annual report. Fifteen partnerships now work with an outcome-oriented multi-year plan and an M&E plan, as planned. Of the fifteen annual reports, twelve are approved, two are still under review and one was returned to be completed. In Flanders 101 local governments use the SDG monitor, and the team reached 214 local governments through trainings and publications. Behind schedule are the SDG partnerships (two running instead of six) and the contributions to the post-2030 Agenda.",
        },
        S.CONTEXT_RISKS: {
            "nl": "Na de lokale verkiezingen van oktober 2024 stelden de Vlaamse besturen hun meerjarenplan 2026-2031 op; enkele nieuwe besturen herzagen hun engagement voor internationale samenwerking. In de partnerlanden vertraagden het regenseizoen en laat aangekomen tranches een deel van de werken, en de brandstof voor terreinbezoeken werd duurder. De twee opgeschorte SDG-partnerschappen in Rwanda blijven het grootste risico voor de resultaten onder SD1.2. Wisselkoersschommelingen van de lokale munten volgen we per maand op.",
            "fr": "Après les élections locales d'octobre 2024, les pouvoirs locaux flamands ont élaboré leur plan pluriannuel 2026-2031 ; quelques nouvelles majorités ont revu leur engagement en faveur de la coopération internationale. Dans les pays partenaires, la saison des pluies et des tranches arrivées tard ont retardé une partie des travaux, et le carburant pour les visites de terrain a renchéri. Les deux partenariats ODD suspendus au Rwanda restent le principal risque pour les résultats de SD1.2. Nous suivons chaque mois les fluctuations des monnaies locales.",
            "es": "Tras las elecciones locales de octubre de 2024, los gobiernos locales flamencos elaboraron su plan plurianual 2026-2031; algunas nuevas mayorías revisaron su compromiso con la cooperación internacional. En los países socios, la temporada de lluvias y los desembolsos tardíos retrasaron parte de las obras, y el combustible para las visitas de campo encareció. Las dos asociaciones ODS suspendidas en Ruanda siguen siendo el principal riesgo para los resultados de SD1.2. Seguimos cada mes las fluctuaciones de las monedas locales.",
            "en": "After the local elections of October 2024 the Flemish local governments drew up their multi-year plans 2026-2031; some new councils reconsidered their commitment to international cooperation. In the partner countries the rainy season and late tranches delayed part of the works, and fuel for field visits became more expensive. The two SDG partnerships on hold in Rwanda remain the main risk to the results under SD1.2. We follow the exchange rates of the local currencies every month.",
        },
        S.GENDER_ENVIRONMENT: {
            "nl": "Het aandeel vrouwen onder de deelnemers aan burgerconsultaties in de partnergemeenten blijft stijgen, al halen niet alle partnerschappen hun streefcijfer. In de vormingen van het team waren 246 van de 428 deelnemers vrouw. Milieu en klimaatadaptatie komen in de partnerrapporten vooral aan bod via de gevolgen van het regenseizoen; in weinig meerjarenplannen zijn ze een uitdrukkelijke doelstelling.",
            "fr": "La part des femmes parmi les participants aux consultations citoyennes dans les communes partenaires continue d'augmenter, même si tous les partenariats n'atteignent pas leur cible. Dans les formations de l'équipe, 246 des 428 participants étaient des femmes. L'environnement et l'adaptation au climat apparaissent surtout dans les rapports des partenaires à travers les effets de la saison des pluies ; peu de plans pluriannuels en font un objectif explicite.",
            "es": "La proporción de mujeres entre los participantes en las consultas ciudadanas de los municipios socios sigue aumentando, aunque no todas las asociaciones alcanzan su meta. En las formaciones del equipo, 246 de los 428 participantes fueron mujeres. El medio ambiente y la adaptación al clima aparecen en los informes de los socios sobre todo a través de los efectos de la temporada de lluvias; pocos planes plurianuales los convierten en un objetivo explícito.",
            "en": "The share of women among the participants in citizen consultations in the partner municipalities keeps rising, although not every partnership reaches its target. In the team's trainings 246 of the 428 participants were women. Environment and climate adaptation appear in the partners' reports mostly through the effects of the rainy season; few multi-year plans make them an explicit objective.",
        },
        S.LESSONS_LEARNED: {
            "nl": "Partners die dorpschefs en vrouwelijke gemeenschapsleiders van bij het begin betrekken, krijgen meer deelnemers op hun consultaties. Korte, samen voorbereide onlinesessies tussen twee bezoeken werken goed. Een M&E-plan in elk partnerschap maakt het jaarrapport sneller en de cijfers vergelijkbaar; waar een partnerschap achterblijft, helpt een gezamenlijk bezoek meer dan een extra rapport.",
            "fr": "Les partenaires qui associent dès le début les chefs de village et les leaders communautaires femmes obtiennent davantage de participants à leurs consultations. De courtes séances en ligne, préparées ensemble entre deux visites, fonctionnent bien. Un plan de suivi-évaluation dans chaque partenariat accélère le rapport annuel et rend les chiffres comparables ; lorsqu'un partenariat prend du retard, une visite conjointe aide davantage qu'un rapport supplémentaire.",
            "es": "Los socios que involucran desde el inicio a los jefes de aldea y a las lideresas comunitarias logran más participantes en sus consultas. Las sesiones en línea breves y preparadas en conjunto entre dos visitas funcionan bien. Un plan de seguimiento y evaluación en cada asociación agiliza el informe anual y hace comparables las cifras; cuando una asociación se retrasa, una visita conjunta ayuda más que un informe adicional.",
            "en": "Partners that involve village chiefs and women community leaders from the start get more participants in their consultations. Short online sessions, prepared together between two visits, work well. An M&E plan in every partnership makes the annual report quicker and the figures comparable; where a partnership falls behind, a joint visit helps more than an extra report.",
        },
        S.FOLLOW_UP: {
            "nl": "In 2026 ronden we de beoordeling van de twee jaarrapporten 2025 in behandeling af en volgen we de aanvulling van het teruggestuurde rapport op. Met Tienen, Ronse en hun Rwandese partners beslissen we of de opgeschorte partnerschappen hervatten. We bereiden de eindevaluatie van het programma 2022-2026 voor en de overgang naar het strategisch plan 2027-2036, met een klimaattoets in de nieuwe meerjarenplannen.",
            "fr": "En 2026, nous terminerons l'examen des deux rapports annuels 2025 en cours et suivrons les compléments du rapport renvoyé. Avec Tienen, Ronse et leurs partenaires rwandais, nous déciderons si les partenariats suspendus reprennent. Nous préparerons l'évaluation finale du programme 2022-2026 et la transition vers le plan stratégique 2027-2036, avec un examen climatique des nouveaux plans pluriannuels.",
            "es": "En 2026 terminaremos la revisión de los dos informes anuales 2025 pendientes y daremos seguimiento a los complementos del informe devuelto. Con Tienen, Ronse y sus socios ruandeses decidiremos si se reanudan las asociaciones suspendidas. Prepararemos la evaluación final del programa 2022-2026 y la transición al plan estratégico 2027-2036, con un análisis climático de los nuevos planes plurianuales.",
            "en": "In 2026 we will finish reviewing the two 2025 annual reports still under review and follow up the completion of the returned one. With Tienen, Ronse and their Rwandan partners we will decide whether the partnerships on hold resume. We will prepare the final evaluation of the 2022-2026 programme and the move to the 2027-2036 strategic plan, with a climate check of the new multi-year plans.",
        },
    },
}


def load_programme_narrative(programme):
    """Load the team's narrative per year and section: Dutch original, translations beside it."""
    coordinator = User.objects.get(username="coordinator")
    for year, sections in NARRATIVE.items():
        for section, texts in sections.items():
            upsert(
                ProgrammeNarrative,
                {"programme": programme, "year": year, "section": section},
                {
                    "language": "nl",
                    "text": texts["nl"],
                    "translation_fr": texts["fr"],
                    "translation_es": texts["es"],
                    "translation_en": texts["en"],
                    "updated_by": coordinator,
                    "is_demo": True,
                },
            )
