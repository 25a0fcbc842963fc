"""Synthetic Honduran names for the person benchmarks: given names and surnames roughly in the
order of how common they are, drawn with Zipf-like weights (the commonest surname about 7% of
people, the commonest female given name about 10%), two surnames, compound given names,
nicknames, approximate ages. Invented for benchmarks; no real person's data."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta


def _words(text: str) -> list[str]:
    return text.split()


GIVEN_F = _words(
    """María Ana Rosa Dania Glenda Karla Sonia Lourdes Iris Wendy Yesenia Marisol Lucía
Gabriela Alejandra Daniela Fátima Guadalupe Concepción Dolores Mercedes Isabel Teresa Cristina
Rosario Patricia Sandra Claudia Carmen Martha Gloria Elena Alba Reina Suyapa Xiomara Ximena
Yolanda Mayra Nancy Jessica Kenia Heidy Lesly Nohemí Norma Olga Paola Silvia Sofía Valeria
Victoria Zoila Brenda Cinthia Delmy Evelyn Francis Gissel Hilda Ingrid Jackeline Leticia Lidia
Maritza Miriam Nelly Orfilia Perla Ruth Sara Tania Vilma Yadira Zulema Alicia Graciela Consuelo
Pilar Blanca Esther Irma Josefa Juana Lilian Magdalena Noemí Rebeca Regina Sabrina Belkis Dilcia
Digna Eva Francisca Gladys Ileana Jazmín Keyla Lorena"""
)

GIVEN_M = _words(
    """José Juan Carlos Luis Jorge Óscar Francisco Antonio Mario Roberto Manuel Jesús Ramón
Eduardo Guillermo Fernando Enrique Ignacio Lorenzo Alberto Marvin Wilmer Darwin Elvin Miguel
Pedro Rafael Santos Héctor Julio Víctor Hugo Nelson Orlando Rolando Rigoberto Wilson Edwin Kevin
Bryan Cristian Dennis Elmer Erick Franklin Germán Gustavo Hernán Iván Jairo Javier Josué Kelvin
Leonel Marlon Mauricio Melvin Nahúm Omar Osman Pablo Ricardo Rubén Samuel Selvin Tomás Walter
Yovani Alex Allan Ángel Armando Cristóbal David Daniel Ernesto Fredy Gerardo Gilberto Gonzalo
Gregorio Henry Isaac Joel Julián Lenin Marco Noé René Saúl Vicente Adolfo Alfonso Benito Nicolás
Santiago Rodolfo Andrés"""
)

SURNAMES = list(
    dict.fromkeys(
        _words(
            """Hernández López Martínez Rodríguez García Mejía Flores Reyes Cruz Sánchez Ramírez
Pérez Castillo Zelaya Aguilar Mendoza Núñez Padilla Banegas Matute Amador Velásquez Ortiz Lagos
Girón Figueroa Paz Rivera Maldonado Murillo Bonilla Cáceres Euceda Fúnez Andino Ordóñez Suazo
Turcios Irías Alvarado Chávez Elvir Galeano Midence Oseguera Ponce Quiroz Rosales Salgado Tábora
Urbina Valladares Yanes Zúniga Lanza Gómez González Díaz Moreno Romero Álvarez Torres Ramos
Vásquez Castro Ruiz Morales Ortega Delgado Guzmán Medina Vargas Herrera Molina Soto Contreras
Silva Sosa Rojas Acosta Espinoza Orellana Cardona Carranza Cerrato Cálix Cárcamo Cantarero
Discua Duarte Escoto Fiallos Guillén Gutiérrez Izaguirre Jiménez Lobo Madrid Mairena Membreño
Mondragón Montoya Moncada Nolasco Ochoa Osorto Palma Pineda Portillo Recinos Rubí Santos Sierra
Solórzano Sevilla Tercero Trochez Umaña Valle Varela Ventura Villeda Zavala Zepeda Argueta Ávila
Barahona Bardales Benítez Borjas Bustillo Caballero Calderón Canales Carías Castellanos Dubón
Erazo Estrada Ferrera Fonseca Fuentes Galindo Gálvez Guevara Inestroza Lara Lazo Leiva Lemus
Maradiaga Mena Meza Miranda Muñoz Navarro Noriega Obando Oliva Paguada Peña Posadas Raudales
Rivas Salinas Sarmiento Serrano Sorto Tinoco Toro Valeriano Villanueva Zambrano Aceituno Alemán
Almendárez Alonzo Amaya Arita Arriaga Baide Bautista Betancourt Bueso Cabrera Carbajal Coello
Colindres Corea Cortés Cubas Dávila Domínguez Enamorado Espinal Fajardo Ferrufino Godoy Guardado
Hidalgo Interiano Laínez Licona Luna Machado Mancía Márquez Matamoros Mercado Montes Mora Nájera
Orozco Pacheco Paredes Quintanilla Rápalo Sabillón Salazar Sauceda Tejeda Trejo Ulloa Valdez
Vallecillo Vega Velasco Zapata"""
        )
    )
)

# A nickname for some of the commonest given names (as people say them, with accents).
NICKNAME = {
    "José": "Chepe",
    "Francisco": "Pancho",
    "Antonio": "Toño",
    "Guadalupe": "Lupe",
    "Jesús": "Chus",
    "Ramón": "Moncho",
    "Eduardo": "Lalo",
    "Guillermo": "Memo",
    "Rosario": "Chayo",
    "Lorenzo": "Lencho",
    "Ignacio": "Nacho",
    "Concepción": "Concha",
    "Mercedes": "Meche",
    "Isabel": "Chabela",
    "Dolores": "Lola",
    "Alberto": "Beto",
    "Enrique": "Quique",
    "Fernando": "Nando",
    "Teresa": "Tere",
    "Patricia": "Paty",
    "Graciela": "Chela",
    "Manuel": "Manolo",
    "Gustavo": "Tavo",
    "Gonzalo": "Chalo",
    "Vicente": "Chente",
    "Rafael": "Rafa",
}


def _weights(n: int, exponent: float = 0.7) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(n)]


W_F, W_M, W_S = _weights(len(GIVEN_F)), _weights(len(GIVEN_M)), _weights(len(SURNAMES))
EPOCH = date(1960, 1, 1)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def person(rng: random.Random, today: date) -> dict:
    """One synthetic person's identity fields."""
    female = rng.random() < 0.7
    names, weights = (GIVEN_F, W_F) if female else (GIVEN_M, W_M)
    given = rng.choices(names, weights)[0]
    if rng.random() < 0.5:
        second = rng.choices(names, weights)[0]
        if second != given:
            given = f"{given} {second}"
    first_surname = rng.choices(SURNAMES, W_S)[0]
    second_surname = rng.choices(SURNAMES, W_S)[0] if rng.random() < 0.92 else ""
    born = EPOCH + timedelta(days=rng.randrange((today - EPOCH).days - 365))
    estimated = rng.random() < 0.05  # age only (a child without papers, a first contact)
    return {
        "given_names": given,
        "first_surname": first_surname,
        "second_surname": second_surname,
        "aliases": NICKNAME.get(given.split()[0], "") if rng.random() < 0.2 else "",
        "sex": "female" if female else "male",
        "date_of_birth": None if estimated else born,
        "estimated_age": (today - born).days // 365 if estimated else None,
        "age_estimated_on": today if estimated else None,
    }


NEAR_KEYS = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "n": "bm",
    "m": "n",
    "r": "et",
    "s": "ad",
    "l": "k",
    "t": "ry",
    "d": "sf",
    "c": "xv",
    "z": "x",
    "g": "fh",
    "b": "vn",
    "v": "cb",
    "p": "o",
    "h": "gj",
    "j": "hk",
    "y": "tu",
    "q": "w",
    "f": "dg",
    "k": "jl",
}


def typo(word: str, rng: random.Random) -> str:
    """One slip of the fingers in a word of five letters or more: a letter dropped, two
    neighbours swapped, a letter hit twice, or a neighbouring key."""
    w = word.lower()
    i = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return w[:i] + w[i + 1 :]
    if kind == 1:
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if kind == 2:
        return w[:i] + w[i] + w[i:]
    near = NEAR_KEYS.get(strip_accents(w[i]), "e")
    return w[:i] + rng.choice(near) + w[i + 1 :]
